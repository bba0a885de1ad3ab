#pragma once
// Verifies a compact JWS (RFC 7515 §7.1) against caller-supplied keys and an algorithm allow-list.
// Every byte is checked by our code before any library decodes it (SPEC.md, Stack hazards); the
// key and algorithm come from the caller, never from the token (RFC 8725 §3.1, §3.10):
//   - `alg` must be in policy.allowed (an enum: none/HS*/RS256 cannot be expressed);
//   - `crit` is rejected, even empty (RFC 7515 §4.1.11: we understand no extensions);
//   - `jku`, `x5u`, `jwk`, `x5c` are ignored and never used to pick or fetch a key (ATTACKS.md A09);
//   - `kid` only looks a key up in `keys`; without `kid`, at most kMaxKidlessCandidates keys that
//     fit the algorithm are tried.
// The payload must be a JSON object (no duplicate members, bounded depth): every JWS we accept is
// a JWT of some kind, and rejecting duplicates here settles ATTACKS.md A13 for all callers.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "jose/alg.hpp"
#include "jose/public_key_set.hpp"

namespace fapid::jose {

inline constexpr std::size_t kDefaultMaxJwsBytes = 16 * 1024;
inline constexpr std::size_t kMaxKidlessCandidates = 4;

// Public error descriptions (ErrorCode::invalid_request; callers remap the code to
// invalid_request_object, invalid_client, invalid_dpop_proof...). The precise reason is in `detail`.
inline constexpr std::string_view kMalformedJws = "malformed JWS";
inline constexpr std::string_view kAlgorithmNotAllowed = "algorithm not allowed";
inline constexpr std::string_view kNoMatchingKey = "no matching key";
inline constexpr std::string_view kSignatureInvalid = "signature invalid";

struct VerifyPolicy {
  std::vector<Alg> allowed;
  std::size_t max_bytes = kDefaultMaxJwsBytes;
};

struct VerifiedJws {
  Alg alg;
  std::string kid;          // of the key that verified; empty if that key has none
  std::string header_json;  // the decoded protected header (strict JSON object)
  std::string payload;      // the decoded payload (strict JSON object)
};

Result<VerifiedJws> verify_jws(std::string_view compact, const PublicKeySet& keys, const VerifyPolicy& policy);

}  // namespace fapid::jose
