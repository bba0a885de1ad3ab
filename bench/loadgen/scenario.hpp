#pragma once
// What the load generator sends and how it judges each answer, without any networking: a Scenario makes
// Transactions (one request, or a whole code flow), and a Transaction turns each response into the next
// request, success or a failure reason. The driver (driver.cpp) only moves bytes.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fapid::bench {

enum class Endpoint { tls, mtls };  // the two listeners (the peer serves both on one port)

struct Request {
  Endpoint endpoint = Endpoint::tls;
  std::string method = "GET";
  std::string target;  // origin-form: path and query
  std::string form;    // non-empty: sent as application/x-www-form-urlencoded
  std::string cookie;  // Cookie header, empty for none
};

struct Response {
  unsigned status = 0;
  std::string content_type;
  std::string location;
  std::vector<std::string> set_cookies;
  std::string body;
};

struct Step {
  enum class Kind { request, done, failed } kind = Kind::done;
  Request request;     // Kind::request
  std::string reason;  // Kind::failed: what was wrong, e.g. "token: status 400 {\"error\":...}"
  static Step next(Request r) { return {Kind::request, std::move(r), {}}; }
  static Step ok() { return {Kind::done, {}, {}}; }
  static Step fail(std::string why) { return {Kind::failed, {}, std::move(why)}; }
};

class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Request first() = 0;
  virtual Step on_response(const Response& response) = 0;
};

class Scenario {
 public:
  virtual ~Scenario() = default;
  // nullptr when pre-generated inputs (client assertions) ran out: the run is then reported as failed.
  virtual std::unique_ptr<Transaction> start() = 0;
  // (g): every transaction opens a new TLS connection and closes it after the answer.
  virtual bool fresh_connection() const { return false; }
  virtual std::size_t requests_per_transaction() const { return 1; }
};

struct ScenarioOptions {
  std::string name;  // discovery | jwks | cc-jwt | cc-mtls | cc-opaque | introspect | flow | handshake
  std::string issuer;
  std::string discovery_path, jwks_path, token_path, introspection_path, par_path, authorize_path;
  std::string interaction_path;  // non-empty: POST id=... there (fapid's test route); empty: follow redirects
  std::string client_id;
  std::string scope;
  std::string redirect_uri;
  std::vector<std::string> assertions;  // cc-jwt: one pre-signed client assertion per transaction
  std::string introspected_token;       // introspect: obtained before the run
  bool expect_certificate_binding = true;
};

std::unique_ptr<Scenario> make_scenario(ScenarioOptions options);

// application/x-www-form-urlencoded encoding of one value.
std::string form_escape(std::string_view value);

// Checks of a client_credentials answer, shared with the set-up step that fetches the introspected token:
// the access token, or a failure reason.
struct TokenCheck {
  std::string access_token;
  std::string failure;
};
TokenCheck check_token_response(const Response& r, bool jwt, bool bound, const std::string& client_id);

}  // namespace fapid::bench
