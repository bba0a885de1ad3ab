#pragma once
// The request and response values handlers see. They know nothing of sockets or Beast, so every
// handler is a plain function from a Request to a Response and can be unit-tested without a server.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fapid::http {

enum class Method { get, head, post, put, patch, del, options, other };
std::string_view to_string(Method m);
Method method_from(std::string_view verb);

// Which listener accepted the connection. Routes declare where they are served.
enum class Listener : std::uint8_t { tls = 1, mtls = 2, ops = 4 };

// The verified client certificate of an mTLS connection.
struct ClientCertificate {
  std::string der;            // the leaf certificate, DER
  std::string sha256_b64url;  // base64url(SHA-256(DER)): the RFC 8705 x5t#S256 value
  std::string subject_dn;     // RFC 4514 string, for logs and tls_client_auth
  // DER of the subject Name, taken once per connection: tls_client_auth compares it on every request,
  // and decoding the whole certificate again each time (its public key through OpenSSL 3's decoders)
  // cost more than the rest of an introspection request (bench/README.md).
  std::string subject_der;
};

struct Peer {
  Listener listener = Listener::tls;
  std::string remote_address;
  std::optional<ClientCertificate> certificate;  // present only on the mTLS listener
};

struct Header {
  std::string name;  // lower-case
  std::string value;
};

struct Request {
  Method method = Method::get;
  std::string target;  // as received: path plus query
  std::string path;    // percent-decoding is the router's business, not the server's
  std::string query;   // without the '?'
  std::vector<Header> headers;
  std::string body;
  std::string request_id;
  Peer peer;

  // First value of a header (name compared case-insensitively), if present.
  std::optional<std::string_view> header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;

  Response& set(std::string name, std::string value);
};

}  // namespace fapid::http
