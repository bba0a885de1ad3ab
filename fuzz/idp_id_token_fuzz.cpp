// libFuzzer target for the federation's validation of the IdP's tokens (ATTACKS.md fuzz target 8, F01-F04),
// structure-aware, two ways per input:
//   1. the input as a (header, claims) pair: with a NUL byte, what precedes it is the protected header and
//      what follows the claims; without one, the whole input is the claims under {"alg":"RS256","kid":"idp-1"}.
//      The harness signs it with the IdP's RSA key (RS256, or PS256 when the header says so);
//   2. the raw input as a compact token;
//   3. the raw input as the body of the IdP's token response (IdpClient::complete_login, with the
//      discovery document and JWKS fixed).
// 1 and 2 are checked as an ID token and as an access token. Oracle for an accepted ID token: RS256 (the one
// algorithm this IdP announced), iss the IdP's, aud our client id alone, azp absent or ours, exp after now,
// iat present, at most the skew ahead and at most max_age old, nonce equal to the login's, sub 1-255
// printable bytes. For an access token taken as a JWT: iss, exp, and azp/client_id naming us. Refusals are
// access_denied with the one public description.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "federation/idp_client.hpp"
#include "federation/idp_tokens.hpp"
#include "jose/base64url.hpp"
#include "jose/jwk.hpp"
#include "jose/jws_signature.hpp"
#include "jose/openssl_ptr.hpp"

namespace {

using namespace fapid;
using json = nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr const char* kIssuer = "https://idp.bank.example/realms/staff";
constexpr const char* kClientId = "internal_users_federation";
constexpr const char* kNonce = "n-0S6_WzA2Mj";
constexpr const char* kSubject = "f2cec0ee-1d63-45b3-bc7c-03266250a2d5";
constexpr std::string_view kDefaultHeader = R"({"alg":"RS256","kid":"idp-1"})";

void require(bool ok) {
  if (!ok) __builtin_trap();
}

struct Idp {
  jose::OsslPtr<EVP_PKEY> key{EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048))};
  jose::PublicKeySet keys;
  federation::IdpExpectations expected{kIssuer,
                                       kClientId,
                                       {jose::Alg::RS256},
                                       std::chrono::system_clock::time_point(std::chrono::seconds(kNow)),
                                       std::chrono::seconds(60),
                                       std::chrono::seconds(600),
                                       "realm_access.roles"};
  Idp() {
    auto jwk = jose::public_jwk(key.get(), "idp-1", "sig", "RS256");
    require(jwk.has_value());
    keys = jose::PublicKeySet::from_jwks_json(nlohmann::ordered_json{{"keys", {*jwk}}}.dump()).value();
  }
  std::string sign(std::string_view header, std::string_view claims, jose::Alg alg) const {
    const std::string input = jose::base64url_encode(header) + "." + jose::base64url_encode(claims);
    auto sig = jose::jws_sign(key.get(), alg, input);
    require(sig.has_value());
    return input + "." + jose::base64url_encode(*sig);
  }
};

const Idp& idp() {
  static const Idp instance;
  return instance;
}

std::optional<json> segment(std::string_view token, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  const auto end = token.find('.', start);
  auto decoded = jose::base64url_decode(token.substr(start, end - start));
  if (!decoded) return std::nullopt;
  auto parsed = json::parse(*decoded, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::optional<double> number(const json& c, const char* name) {
  if (!c.contains(name) || !c[name].is_number()) return std::nullopt;
  return c[name].get<double>();
}

bool refused_cleanly(const OAuthError& e) {
  return e.code == ErrorCode::access_denied && e.description == "the identity provider's answer could not be accepted";
}

void check_id_token(const std::string& token) {
  auto r = federation::check_id_token(token, idp().keys, idp().expected, kNonce);
  if (!r) return require(refused_cleanly(r.error()));
  const auto header = segment(token, 0), claims = segment(token, 1);
  require(header && claims && header->is_object() && claims->is_object());
  require((*header)["alg"] == "RS256");
  const auto& c = *claims;
  require(c.contains("iss") && c["iss"] == kIssuer);
  require(c.contains("aud") && (c["aud"] == kClientId || c["aud"] == json::array({kClientId})));
  require(!c.contains("azp") || c["azp"] == kClientId);
  const double now = static_cast<double>(kNow);
  require(number(c, "exp") && *number(c, "exp") > now);
  const auto iat = number(c, "iat");
  require(iat && *iat < now + 61 && *iat >= now - 601);  // NumericDates are read floored
  require(c.contains("nonce") && c["nonce"] == kNonce);
  require(c.contains("sub") && c["sub"].is_string() && c["sub"] == r->subject && !r->subject.empty() &&
          r->subject.size() <= 255);
  for (unsigned char ch : r->subject) require(ch >= 0x20 && ch != 0x7f);
  require(r->issuer == kIssuer);
}

void check_access_token(const std::string& token) {
  auto r = federation::check_access_token(token, idp().keys, idp().expected, kSubject);
  if (!r) return require(refused_cleanly(r.error()));
  if (!r->has_value()) return;  // taken as opaque: nothing read from it
  const auto claims = segment(token, 1);
  require(claims && claims->is_object());
  const auto& c = *claims;
  require(c.contains("iss") && c["iss"] == kIssuer);
  require(number(c, "exp") && *number(c, "exp") > static_cast<double>(kNow));
  require(c.contains("azp") || c.contains("client_id"));
  require(!c.contains("azp") || c["azp"] == kClientId);
  require(!c.contains("client_id") || c["client_id"] == kClientId);
  require(!c.contains("sub") || c["sub"] == kSubject);
  if ((*r)->scope) require(c.contains("scope") && c["scope"] == *(*r)->scope);
}

// The IdP's HTTPS side for mode 3: fixed discovery and keys, the token response set per input.
class FuzzIdpHttps final : public http::HttpsClient {
 public:
  Result<http::OutboundResponse> send(const http::OutboundRequest& r) const override {
    if (r.url.ends_with("/.well-known/openid-configuration"))
      return http::OutboundResponse{200, "application/json",
                                    json{{"issuer", kIssuer},
                                         {"authorization_endpoint", std::string(kIssuer) + "/auth"},
                                         {"token_endpoint", std::string(kIssuer) + "/token"},
                                         {"jwks_uri", std::string(kIssuer) + "/certs"},
                                         {"id_token_signing_alg_values_supported", {"RS256"}}}
                                        .dump()};
    if (r.url.ends_with("/certs")) return http::OutboundResponse{200, "application/json", jwks};
    return http::OutboundResponse{200, "application/json", token_body};
  }
  std::string jwks;
  std::string token_body;
};

class FixedClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
  }
};

void check_token_response(std::string_view body) {
  static const FixedClock clock;
  static const auto https = [] {
    auto h = std::make_shared<FuzzIdpHttps>();
    auto jwk = jose::public_jwk(idp().key.get(), "idp-1", "sig", "RS256");
    h->jwks = nlohmann::ordered_json{{"keys", {*jwk}}}.dump();
    return h;
  }();
  static federation::IdpClient client(
      [] {
        federation::IdpSettings s;
        s.discovery_url = std::string(kIssuer) + "/.well-known/openid-configuration";
        s.client_id = kClientId;
        s.client_secret = config::Secret("fuzz-secret");
        s.min_key_refetch = std::chrono::hours(24);  // the keys never change here
        return s;
      }(),
      https, clock);
  https->token_body = std::string(body);
  auto r = client.complete_login("code", "https://as/cb", "verifier", kNonce, "openid");
  if (!r) {
    const auto code = r.error().code;
    require(code == ErrorCode::access_denied || code == ErrorCode::temporarily_unavailable);
    return;
  }
  // Accepted: a JSON object whose id_token passes the ID-token oracle on its own.
  const auto response = json::parse(body, nullptr, false);
  require(response.is_object() && response.contains("id_token") && response["id_token"].is_string());
  require(r->id_token == response["id_token"].get<std::string>());
  require(federation::check_id_token(r->id_token, idp().keys, idp().expected, kNonce).has_value());
  check_id_token(r->id_token);
  require(r->identity.subject == segment(r->id_token, 1).value()["sub"]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (size > 32 * 1024) return 0;
  // 2: the raw input as a token.
  check_id_token(std::string(input));
  check_access_token(std::string(input));
  // 3: the raw input as the IdP's token response.
  check_token_response(input);
  // 1: header and claims, signed by the IdP.
  std::string_view header = kDefaultHeader, claims = input;
  if (const auto nul = input.find('\0'); nul != std::string_view::npos) {
    header = input.substr(0, nul);
    claims = input.substr(nul + 1);
  }
  const auto parsed = json::parse(header, nullptr, false);
  const bool ps256 = parsed.is_object() && parsed.contains("alg") && parsed["alg"] == "PS256";
  const std::string token = idp().sign(header, claims, ps256 ? jose::Alg::PS256 : jose::Alg::RS256);
  check_id_token(token);
  check_access_token(token);
  return 0;
}
