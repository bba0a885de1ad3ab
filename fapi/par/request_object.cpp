#include "fapi/par/request_object.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "fapi/profile_policy.hpp"
#include "jose/jws_verify.hpp"
#include "oauth/jwt_claims.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

OAuthError invalid_object(std::string detail) {
  return {ErrorCode::invalid_request_object, "invalid request object", std::move(detail)};
}

// Registered JWT claims are not authorization parameters.
bool is_jwt_claim(std::string_view name) {
  return name == "iss" || name == "aud" || name == "exp" || name == "nbf" || name == "iat" || name == "jti" ||
         name == "sub";
}

Result<std::string> unwrap_encryption(const Context& ctx, std::string_view request) {
  const auto dots = std::count(request.begin(), request.end(), '.');
  if (dots == 2) return std::string(request);
  if (dots != 4) return invalid_object("neither a JWS nor a JWE");
  auto decrypted = ctx.keys().decrypt_jwe(request, kMaxRequestObjectBytes);
  if (!decrypted) return invalid_object("JWE: " + decrypted.error().detail);
  // A nested JWT must be signed inside (RFC 9101 §4; an encrypted-only object proves nothing of the client).
  if (std::count(decrypted->plaintext.begin(), decrypted->plaintext.end(), '.') != 2)
    return invalid_object("the JWE does not contain a JWS");
  return std::move(decrypted->plaintext);
}

Result<void> check_claims(const Context& ctx, const oauth::RegisteredClient& client, const oauth::JwtClaims& claims) {
  if (claims.string("iss") != client.id()) return invalid_object("iss is not the client_id");              // R6
  if (claims.string("client_id") != client.id()) return invalid_object("client_id missing or not the client");  // R6
  if (!claims.audience_is_one_of({ctx.issuer}, true)) return invalid_object("aud does not name the issuer");      // R4
  const oauth::TimeRules time{ctx.clock().now(), ctx.cfg.fapi.max_clock_skew};
  if (auto p = oauth::check_exp(claims, time)) return invalid_object(*p);                                          // R2
  if (auto p = oauth::check_not_in_future(claims, "nbf", true, time)) return invalid_object(*p);                  // R2, R3
  if (auto p = oauth::check_not_in_future(claims, "iat", false, time)) return invalid_object(*p);
  const auto exp = *claims.numeric_date("exp");
  const auto nbf = *claims.numeric_date("nbf");
  if (exp - nbf > kMaxRequestObjectLifetime.count()) return invalid_object("exp - nbf exceeds 60 minutes");
  if (nbf < oauth::to_unix_seconds(time.now) - kMaxRequestObjectLifetime.count())
    return invalid_object("nbf more than 60 minutes in the past");
  if (claims.has("request_uri") || claims.has("request")) return invalid_object("request or request_uri inside");  // P3
  return {};
}

}  // namespace

Result<RequestObject> read_request_object(const Context& ctx, const oauth::RegisteredClient& client,
                                          std::string_view request) {
  if (request.size() > kMaxRequestObjectBytes) return invalid_object("request object too large");
  auto jws = unwrap_encryption(ctx, request);
  if (!jws) return jws.error();
  const auto& policy = policy_for(client.config->profile);
  auto verified = jose::verify_jws(*jws, client.keys, {policy.algs(), kMaxRequestObjectBytes});  // R1, A01-A05, A09, A10
  if (!verified) return invalid_object(verified.error().detail);
  auto claims = oauth::JwtClaims::parse(verified->payload);
  if (!claims) return invalid_object("payload is not a JSON object");
  if (auto ok = check_claims(ctx, client, *claims); !ok) return ok.error();

  RequestObject out;
  auto& params = out.params;
  for (const auto& [name, value] : claims->json().items()) {
    if (is_jwt_claim(name)) continue;
    if (value.is_string()) params.emplace(name, value.get<std::string>());
    else if (name == "claims" && value.is_object()) params.emplace(name, value.dump());
    else if (name == "max_age" && value.is_number_integer()) params.emplace(name, std::to_string(value.get<std::int64_t>()));
    else return invalid_object("parameter " + name + " has the wrong type");
  }

  out.jti = claims->string("jti").value_or("");
  out.remaining = std::chrono::seconds(*claims->numeric_date("exp") - oauth::to_unix_seconds(ctx.clock().now()) +
                                       ctx.cfg.fapi.max_clock_skew.count());
  return out;
}

Result<void> remember_request_object(const Context& ctx, const oauth::RegisteredClient& client,
                                     const RequestObject& object) {
  if (object.jti.empty()) return {};
  auto fresh = ctx.ttl().put_if_absent(storage::TtlKind::request_object_jti,
                                       storage::hash_token(client.id() + '\n' + object.jti), "1", object.remaining);
  if (!fresh) return fresh.error();
  if (!*fresh) return invalid_object("request object jti replayed");
  return {};
}

}  // namespace fapid::fapi
