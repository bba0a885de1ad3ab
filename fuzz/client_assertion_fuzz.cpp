// libFuzzer target for ClientAuthenticator::authenticate with the FAPI tree's own policy (SPEC section 4,
// ATTACKS.md T05-T08 and fuzz target 7), structure-aware, two ways per input:
//   1. the input as a (header, claims) pair: with a NUL byte, what precedes it is the protected header and
//      what follows the claims; without one, the whole input is the claims under {"alg":"PS256",
//      "kid":"tpp-one-sig"}. The harness signs it with tpp-one's PS256 key, or tpp-two's ES256 key when the
//      header says ES256, and posts it as a private_key_jwt assertion at PAR and at the token endpoint;
//   2. the raw input as the form body of a request (seeds starting "form-" are such bodies).
// Oracle for anything accepted: an assertion from a FAPI private_key_jwt client, its alg allowed by the
// client's profile (K3), iss = sub = client_id and any client_id parameter equal (CA2, CA6), aud as the
// profile allows at that endpoint (CA3, CA4), exp in the future and at most 300 s + skew ahead (T07), iat
// and nbf at most the skew ahead (CA5), a jti of 1-256 bytes now in the replay cache, so the same form is
// refused next time (T05); while the store is down the same form is temporarily_unavailable. Refusals are
// the one public 401 invalid_client and write nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fapi/profile_policy.hpp"
#include "fapi_fuzz_support.hpp"
#include "http/form.hpp"

namespace {

using namespace fapid;
using fuzz::harness;

constexpr std::string_view kDefaultHeader = R"({"alg":"PS256","kid":"tpp-one-sig"})";
constexpr std::string_view kAssertionType = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";

void require(bool ok) {
  if (!ok) __builtin_trap();
}

bool refused_cleanly(const Result<const oauth::RegisteredClient*>& r) {
  return !r && r.error().code == ErrorCode::invalid_client && r.error().status == 401 &&
         r.error().description == "client authentication failed";
}

void check_accepted(const http::Params& form, const oauth::RegisteredClient& client, const std::string& endpoint_url) {
  const auto& h = harness();
  const auto& cfg = *client.config;
  require(cfg.auth_method == config::AuthMethod::private_key_jwt && cfg.profile != config::Profile::none);
  const auto assertion = form.get("client_assertion");
  require(assertion.has_value() && form.get("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  require(!form.contains("client_secret"));
  if (const auto id = form.get("client_id")) require(*id == client.id());
  const auto header = fuzz::segment_json(*assertion, 0);
  const auto claims = fuzz::segment_json(*assertion, 1);
  require(header && header->is_object() && claims && claims->is_object());
  const auto alg = fuzz::string_member(*header, "alg");
  const bool fapi2 = cfg.profile == config::Profile::fapi2;
  require(alg == "PS256" || (fapi2 && alg == "ES256"));
  const auto& c = *claims;
  require(c.contains("iss") && c["iss"] == client.id() && c.contains("sub") && c["sub"] == client.id());
  const auto& issuer = h.ctx->issuer;
  if (fapi2) {
    require(fuzz::audience_has(c, issuer, false));
  } else {
    require(fuzz::audience_has(c, issuer, true) || fuzz::audience_has(c, h.ctx->token_url, true) ||
            fuzz::audience_has(c, endpoint_url, true));
  }
  const double now = static_cast<double>(fuzz::kNow);
  const auto exp = fuzz::number(c, "exp");
  require(exp && *exp > now && *exp <= now + 300 + fuzz::kSkew);
  for (const char* name : {"iat", "nbf"})
    if (c.contains(name)) require(fuzz::number(c, name) && *fuzz::number(c, name) <= now + fuzz::kSkew);
  require(c.contains("jti") && c["jti"].is_string() && !c["jti"].get<std::string>().empty() &&
          c["jti"].get<std::string>().size() <= 256);
  require(h.store->size() == 1 && h.store->count(storage::TtlKind::client_assertion_jti) == 1);
}

void check(const http::Params& form, const std::string& endpoint_url) {
  auto& h = harness();
  const auto policy = h.ctx->auth_policy(endpoint_url);
  const http::Peer peer{http::Listener::mtls, "192.0.2.1", std::nullopt};
  h.store->clear();
  auto result = h.ctx->authenticator.authenticate(form, peer, std::nullopt, policy);
  if (!result) {
    require(refused_cleanly(result));
    require(h.store->size() == 0);
    return;
  }
  check_accepted(form, **result, endpoint_url);
  fuzz::note_accepted("assertion at " + endpoint_url, (*result)->id());
  // With an Authorization header as well: refused, nothing written (CA1, RFC 6749 §2.3).
  require(refused_cleanly(h.ctx->authenticator.authenticate(form, peer, std::string_view("Basic eDp5"), policy)));
  // T05: the same assertion again is refused and the cache keeps its one entry.
  require(refused_cleanly(h.ctx->authenticator.authenticate(form, peer, std::nullopt, policy)));
  require(h.store->size() == 1);
  // A store outage is the store's error, never invalid_client, and consumes nothing.
  h.store->clear();
  h.store->failure = OAuthError(ErrorCode::temporarily_unavailable, "storage unavailable");
  auto down = h.ctx->authenticator.authenticate(form, peer, std::nullopt, policy);
  h.store->failure.reset();
  require(!down && down.error().code == ErrorCode::temporarily_unavailable && h.store->size() == 0);
  h.store->clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto& h = harness();

  // 2: the raw input as a form body, at PAR.
  if (auto form = http::parse_form(input, {})) check(*form, h.ctx->par_url);

  // 1: the input as header and claims, signed by tpp-one (PS256) or tpp-two (ES256).
  if (size > 16 * 1024) return 0;
  std::string_view header = kDefaultHeader, claims = input;
  if (const auto nul = input.find('\0'); nul != std::string_view::npos) {
    header = input.substr(0, nul);
    claims = input.substr(nul + 1);
  }
  const auto parsed = nlohmann::json::parse(header, nullptr, false);
  const bool es256 = fuzz::string_member(parsed, "alg") == "ES256";
  const std::string assertion = es256 ? h.sign(header, claims, h.ec.get(), jose::Alg::ES256)
                                      : h.sign(header, claims, h.rsa.get(), jose::Alg::PS256);
  const auto form = http::parse_form("client_assertion_type=" + std::string(kAssertionType) +
                                         "&client_assertion=" + assertion,
                                     {});
  require(form.has_value());
  check(*form, h.ctx->par_url);
  check(*form, h.ctx->token_url);
  return 0;
}
