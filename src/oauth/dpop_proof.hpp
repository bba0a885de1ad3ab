#pragma once
// DPoP proof validation (RFC 9449 §4.3; SPEC.md S3, CA5, P11, TK9) as a pure function of the DPoP
// header values and what the request must look like. Replay (`jti`) and server-nonce freshness need
// stores and are the caller's: it records `jti` and checks `nonce` with DpopNonces.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"

namespace fapid::oauth {

inline constexpr std::size_t kMaxDpopProofBytes = 8 * 1024;
inline constexpr std::size_t kMaxDpopJtiBytes = 256;
inline constexpr std::string_view kDpopJwtType = "dpop+jwt";  // RFC 9449 §4.2

struct DpopExpectation {
  http::Method method;                       // htm must equal it (RFC 9110 §9.1: case-sensitive)
  std::string url;                           // htu compared ignoring query and fragment; scheme/host
                                             // case-insensitive; default port (443) normalised
  std::chrono::system_clock::time_point now;
  std::chrono::seconds max_future_skew;      // iat up to now+skew accepted (CA5: 10 s ok, 60 s refused)
  std::chrono::seconds max_age;              // iat older than now-max_age refused (callers: 60 s)
  std::optional<std::string> access_token;   // when set, `ath` = base64url(SHA-256(token)) is required
                                             // and must match (RS, userinfo; RFC 9449 §4.3 step 11)
  std::optional<std::string> expected_jkt;   // when set (token bound to a key, or a code bound at PAR
                                             // via dpop_jkt), the proof's key must have this thumbprint
};

struct DpopProof {
  std::string jkt;                              // RFC 7638 SHA-256 thumbprint of the proof's jwk
  std::string jti;                              // for the caller's replay check
  std::chrono::system_clock::time_point iat;
  std::optional<std::string> nonce;             // for the caller's DpopNonces::accepts
};

// Every check of SPEC S3 / RFC 9449 §4.3 but jti replay and nonce freshness: exactly one proof (pass
// every DPoP header value; 0 or ≥2 are refused), at most kMaxDpopProofBytes, typ exactly "dpop+jwt",
// alg PS256 or ES256, a public jwk header that fits alg, a valid signature, jti (string, 1–256
// octets), htm, htu (absolute https URL) and iat (number) present, htm/htu/iat/ath/jkt as expected,
// nonce a string if present. Other header members and claims (nbf, exp...) are ignored.
// Errors: ErrorCode::invalid_dpop_proof (HTTP 400; an RS answers 401 with_status), a short public
// description "DPoP proof: ...", the precise reason in the private detail. A `url` that is not an
// absolute https URL is a server bug: ErrorCode::server_error.
Result<DpopProof> validate_dpop_proof(const std::vector<std::string_view>& header_values,
                                      const DpopExpectation& expected);

// base64url(SHA-256(access_token)): the `ath` claim (RFC 9449 §4.2).
std::string dpop_access_token_hash(std::string_view access_token);

}  // namespace fapid::oauth
