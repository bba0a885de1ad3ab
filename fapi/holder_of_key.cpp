#include "fapi/holder_of_key.hpp"

#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {
// A proof is accepted for at most this long after its iat (RFC 9449 §11.1); the jti is remembered as long.
constexpr std::chrono::seconds kProofMaxAge{60};
}  // namespace

std::vector<std::string_view> dpop_header_values(const http::Request& req) {
  std::vector<std::string_view> out;
  for (const auto& h : req.headers)
    if (h.name == "dpop") out.emplace_back(h.value);
  return out;
}

Result<oauth::DpopProof> check_dpop_proof(const Context& ctx, const http::Request& req, const DpopRequirement& need) {
  oauth::DpopExpectation expect{req.method,
                                need.url,
                                ctx.clock().now(),
                                ctx.cfg.fapi.max_clock_skew,
                                kProofMaxAge,
                                need.access_token,
                                need.expected_jkt};
  auto proof = oauth::validate_dpop_proof(dpop_header_values(req), expect);
  if (!proof) return proof.error();
  if (need.require_nonce && (!proof->nonce || !ctx.dpop_nonces.accepts(*proof->nonce)))
    return OAuthError(ErrorCode::use_dpop_nonce, "a fresh DPoP nonce is required", "DPoP nonce missing or stale");
  // RFC 9449 §11.1: one use per jti, remembered while the proof's iat is acceptable.
  auto fresh = ctx.ttl().put_if_absent(storage::TtlKind::dpop_jti, storage::hash_token(proof->jkt + '\n' + proof->jti),
                                       "1", kProofMaxAge + ctx.cfg.fapi.max_clock_skew);
  if (!fresh) return fresh.error();
  if (!*fresh) return OAuthError(ErrorCode::invalid_dpop_proof, "DPoP proof replayed", "DPoP jti seen before");
  return proof;
}

http::Response with_dpop_nonce(const Context& ctx, http::Response r) {
  r.set("dpop-nonce", ctx.dpop_nonces.current());
  return r;
}

storage::Confirmation certificate_confirmation(const http::Peer& peer) {
  storage::Confirmation c;
  if (peer.certificate) c.x5t_s256 = peer.certificate->sha256_b64url;
  return c;
}

}  // namespace fapid::fapi
