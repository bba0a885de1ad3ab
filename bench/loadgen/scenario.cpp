#include "scenario.hpp"

#include <atomic>
#include <cctype>
#include <functional>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <nlohmann/json.hpp>

#include "jose/base64url.hpp"

namespace fapid::bench {

namespace {

using nlohmann::json;

std::string brief(const Response& r) {
  return "status " + std::to_string(r.status) + " " + r.body.substr(0, 200);
}

std::optional<json> json_body(const Response& r) {
  auto j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string random_b64url(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) return {};
  return jose::base64url_encode(raw);
}

std::string sha256_b64url(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return jose::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// The value of `name` in a query string (percent-decoding only what our servers put in codes and states).
std::optional<std::string> query_param(std::string_view url, std::string_view name) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(q + 1);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
      std::string out;
      const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      for (std::size_t i = eq + 1; i < pair.size(); ++i) {
        if (pair[i] == '%' && i + 2 < pair.size() && hex(pair[i + 1]) >= 0 && hex(pair[i + 2]) >= 0) {
          out += static_cast<char>(hex(pair[i + 1]) * 16 + hex(pair[i + 2]));
          i += 2;
        } else {
          out += pair[i] == '+' ? ' ' : pair[i];
        }
      }
      return out;
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// A GET whose body must equal the first answer, which was checked in full: a byte compare keeps the
// load generator's own cost per response far below the server's.
class StaticDocument final : public Scenario {
 public:
  StaticDocument(Endpoint endpoint, std::string path, bool fresh, std::function<std::string(const json&)> check)
      : endpoint_(endpoint), path_(std::move(path)), fresh_(fresh), check_(std::move(check)) {}

  class Get final : public Transaction {
   public:
    explicit Get(StaticDocument& s) : s_(s) {}
    Request first() override { return {s_.endpoint_, "GET", s_.path_, {}, {}}; }
    Step on_response(const Response& r) override {
      if (r.status != 200) return Step::fail(brief(r));
      if (!s_.reference_.empty() && r.body == s_.reference_) return Step::ok();
      auto j = json_body(r);
      if (!j) return Step::fail("not a JSON object: " + brief(r));
      if (auto problem = s_.check_(*j); !problem.empty()) return Step::fail(problem);
      if (s_.reference_.empty()) s_.reference_ = r.body;
      return Step::ok();
    }

   private:
    StaticDocument& s_;
  };

  std::unique_ptr<Transaction> start() override { return std::make_unique<Get>(*this); }
  bool fresh_connection() const override { return fresh_; }

 private:
  Endpoint endpoint_;
  std::string path_;
  bool fresh_;
  std::function<std::string(const json&)> check_;
  std::string reference_;
};

std::function<std::string(const json&)> discovery_check(std::string issuer) {
  return [issuer = std::move(issuer)](const json& j) -> std::string {
    if (j.value("issuer", "") != issuer) return "discovery: issuer is not " + issuer;
    if (!j.contains("token_endpoint") || !j.contains("jwks_uri")) return "discovery: token_endpoint or jwks_uri missing";
    return {};
  };
}

std::string jwks_check(const json& j) {
  const auto keys = j.find("keys");
  if (keys == j.end() || !keys->is_array() || keys->empty()) return "jwks: no keys";
  for (const auto& k : *keys) {
    if (!k.is_object() || !k.contains("kty") || !k.contains("kid")) return "jwks: a key without kty or kid";
    if (k.contains("d") || k.contains("p")) return "jwks: a private member is published";
  }
  return {};
}

class ClientCredentials final : public Scenario {
 public:
  ClientCredentials(ScenarioOptions o, bool jwt) : o_(std::move(o)), jwt_(jwt) {}

  class Call final : public Transaction {
   public:
    Call(ClientCredentials& s, std::string auth) : s_(s), auth_(std::move(auth)) {}
    Request first() override {
      return {Endpoint::mtls, "POST", s_.o_.token_path,
              "grant_type=client_credentials&scope=" + form_escape(s_.o_.scope) + "&" + auth_, {}};
    }
    Step on_response(const Response& r) override {
      auto check = check_token_response(r, s_.jwt_, s_.o_.expect_certificate_binding, s_.o_.client_id);
      return check.failure.empty() ? Step::ok() : Step::fail(check.failure);
    }

   private:
    ClientCredentials& s_;
    std::string auth_;
  };

  std::unique_ptr<Transaction> start() override {
    if (o_.assertions.empty()) return std::make_unique<Call>(*this, "client_id=" + form_escape(o_.client_id));
    const auto i = next_assertion_++;
    if (i >= o_.assertions.size()) return nullptr;
    return std::make_unique<Call>(
        *this, "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" +
                   std::move(o_.assertions[i]));
  }

 private:
  ScenarioOptions o_;
  bool jwt_;
  std::size_t next_assertion_ = 0;
};

class Introspect final : public Scenario {
 public:
  explicit Introspect(ScenarioOptions o) : o_(std::move(o)) {}
  class Call final : public Transaction {
   public:
    explicit Call(Introspect& s) : s_(s) {}
    Request first() override {
      return {Endpoint::mtls, "POST", s_.o_.introspection_path,
              "client_id=" + form_escape(s_.o_.client_id) + "&token=" + form_escape(s_.o_.introspected_token), {}};
    }
    Step on_response(const Response& r) override {
      if (r.status != 200) return Step::fail("introspection: " + brief(r));
      auto j = json_body(r);
      if (!j || j->value("active", false) != true) return Step::fail("introspection: not active: " + brief(r));
      if (j->value("client_id", "") != s_.o_.client_id) return Step::fail("introspection: wrong client_id");
      return Step::ok();
    }

   private:
    Introspect& s_;
  };
  std::unique_ptr<Transaction> start() override { return std::make_unique<Call>(*this); }

 private:
  ScenarioOptions o_;
};

// (f) PAR → authorize → (interaction) → redirect with the code → token, with a cookie jar for the
// authorization endpoint's hops. Counted as one transaction.
class CodeFlow final : public Scenario {
 public:
  explicit CodeFlow(ScenarioOptions o) : o_(std::move(o)) {}

  class Flow final : public Transaction {
   public:
    explicit Flow(CodeFlow& s) : s_(s), state_(random_b64url(12)), verifier_(random_b64url(32)) {}

    Request first() override {
      const auto& o = s_.o_;
      return {Endpoint::mtls, "POST", o.par_path,
              "client_id=" + form_escape(o.client_id) + "&response_type=code&redirect_uri=" + form_escape(o.redirect_uri) +
                  "&scope=" + form_escape(o.scope) + "&state=" + state_ + "&nonce=" + random_b64url(12) +
                  "&code_challenge=" + sha256_b64url(verifier_) + "&code_challenge_method=S256",
              {}};
    }

    Step on_response(const Response& r) override {
      ++hops_;
      if (hops_ > kMaxHops) return Step::fail("flow: more than 8 steps");
      switch (phase_) {
        case Phase::par: return after_par(r);
        case Phase::authorize: return after_authorize(r);
        case Phase::token: {
          auto check = check_token_response(r, true, true, s_.o_.client_id);
          return check.failure.empty() ? Step::ok() : Step::fail("flow " + check.failure);
        }
      }
      return Step::fail("flow: unreachable");
    }

   private:
    enum class Phase { par, authorize, token };
    static constexpr int kMaxHops = 8;

    Step after_par(const Response& r) {
      if (r.status != 201) return Step::fail("par: " + brief(r));
      auto j = json_body(r);
      if (!j || !(*j)["request_uri"].is_string()) return Step::fail("par: no request_uri");
      phase_ = Phase::authorize;
      return Step::next({Endpoint::tls, "GET",
                         s_.o_.authorize_path + "?client_id=" + form_escape(s_.o_.client_id) +
                             "&request_uri=" + form_escape((*j)["request_uri"].get<std::string>()),
                         {}, {}});
    }

    Step after_authorize(const Response& r) {
      for (const auto& c : r.set_cookies) remember_cookie(c);
      if (r.status != 302 && r.status != 303) return Step::fail("authorize: " + brief(r));
      const auto& loc = r.location;
      if (loc.rfind(s_.o_.redirect_uri, 0) == 0) {
        const auto code = query_param(loc, "code");
        if (!code) return Step::fail("authorize: redirect without a code: " + loc.substr(0, 200));
        if (query_param(loc, "state") != state_) return Step::fail("authorize: state differs");
        if (query_param(loc, "iss") && query_param(loc, "iss") != s_.o_.issuer) return Step::fail("authorize: wrong iss");
        phase_ = Phase::token;
        return Step::next({Endpoint::mtls, "POST", s_.o_.token_path,
                           "grant_type=authorization_code&code=" + form_escape(*code) +
                               "&redirect_uri=" + form_escape(s_.o_.redirect_uri) + "&code_verifier=" + verifier_ +
                               "&client_id=" + form_escape(s_.o_.client_id),
                           {}});
      }
      if (!s_.o_.interaction_path.empty()) {
        const auto id = query_param(loc, "id");
        if (!id) return Step::fail("authorize: no interaction id in " + loc.substr(0, 200));
        return Step::next({Endpoint::tls, "POST", s_.o_.interaction_path,
                           "id=" + form_escape(*id) + "&decision=approve&subject=bench-user", cookies()});
      }
      std::string target = loc;
      if (const auto scheme = loc.find("://"); scheme != std::string::npos) {
        const auto path = loc.find('/', scheme + 3);
        target = path == std::string::npos ? "/" : loc.substr(path);
      }
      return Step::next({Endpoint::tls, "GET", target, {}, cookies()});
    }

    void remember_cookie(std::string_view header) {
      const auto end = header.find(';');
      const auto pair = header.substr(0, end);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) return;
      const std::string name(pair.substr(0, eq));
      for (auto& [n, v] : jar_)
        if (n == name) {
          v = pair.substr(eq + 1);
          return;
        }
      jar_.emplace_back(name, pair.substr(eq + 1));
    }

    std::string cookies() const {
      std::string out;
      for (const auto& [n, v] : jar_) {
        if (v.empty()) continue;  // a deletion
        out += (out.empty() ? "" : "; ") + n + "=" + v;
      }
      return out;
    }

    CodeFlow& s_;
    std::string state_;
    std::string verifier_;
    Phase phase_ = Phase::par;
    int hops_ = 0;
    std::vector<std::pair<std::string, std::string>> jar_;
  };

  std::unique_ptr<Transaction> start() override { return std::make_unique<Flow>(*this); }
  std::size_t requests_per_transaction() const override { return 0; }  // varies: counted by the driver

 private:
  ScenarioOptions o_;
};

}  // namespace

std::string form_escape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

TokenCheck check_token_response(const Response& r, bool jwt, bool bound, const std::string& client_id) {
  if (r.status != 200) return {{}, "token: " + brief(r)};
  auto j = json_body(r);
  if (!j) return {{}, "token: not a JSON object: " + brief(r)};
  const auto at = j->find("access_token");
  if (at == j->end() || !at->is_string() || at->get<std::string>().empty()) return {{}, "token: no access_token"};
  std::string type = j->value("token_type", "");
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type != "bearer") return {{}, "token: token_type is not Bearer"};
  if (!(*j)["expires_in"].is_number_integer() || (*j)["expires_in"].get<long long>() <= 0)
    return {{}, "token: expires_in missing"};
  const std::string token = at->get<std::string>();
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (!jwt) {
    if (dot2 != std::string::npos) return {{}, "token: a JWT where an opaque token was expected"};
    return {token, {}};
  }
  if (dot2 == std::string::npos) return {{}, "token: access token is not a JWS"};
  auto header = jose::base64url_decode(std::string_view(token).substr(0, dot1));
  auto payload = jose::base64url_decode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1));
  if (!header || !payload) return {{}, "token: JWS segments are not base64url"};
  auto h = json::parse(*header, nullptr, false);
  auto p = json::parse(*payload, nullptr, false);
  if (!h.is_object() || h.value("alg", "") != "PS256") return {{}, "token: access token alg is not PS256"};
  if (!p.is_object() || p.value("client_id", "") != client_id) return {{}, "token: access token client_id differs"};
  if (bound && !(p.contains("cnf") && p["cnf"].is_object() && p["cnf"].contains("x5t#S256")))
    return {{}, "token: access token is not certificate-bound"};
  return {token, {}};
}

std::unique_ptr<Scenario> make_scenario(ScenarioOptions o) {
  const auto& n = o.name;
  if (n == "discovery") return std::make_unique<StaticDocument>(Endpoint::tls, o.discovery_path, false, discovery_check(o.issuer));
  if (n == "jwks") return std::make_unique<StaticDocument>(Endpoint::tls, o.jwks_path, false, jwks_check);
  if (n == "handshake")
    return std::make_unique<StaticDocument>(Endpoint::mtls, o.discovery_path, true, discovery_check(o.issuer));
  if (n == "cc-jwt" || n == "cc-mtls") return std::make_unique<ClientCredentials>(std::move(o), true);
  if (n == "cc-opaque") return std::make_unique<ClientCredentials>(std::move(o), false);
  if (n == "introspect") return std::make_unique<Introspect>(std::move(o));
  if (n == "flow") return std::make_unique<CodeFlow>(std::move(o));
  return nullptr;
}

}  // namespace fapid::bench
