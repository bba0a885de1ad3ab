#pragma once
// Verifies a compact JWS with the public key carried in its own protected header (`jwk`), as DPoP
// proofs are (RFC 9449 §4.2, §4.3 steps 5–7). Such a signature proves possession of that key, nothing
// about who holds it: callers bind the key's thumbprint to a token, a code or an earlier proof.
// The same strict pre-checks as verify_jws (size, alphabet, three segments, canonical base64url,
// strict JSON objects without duplicates, alg in the allow-list, no crit), and for the key:
//   - `jwk` is a JSON object with no private or symmetric member ("d", "p", "q", "dp", "dq", "qi",
//     "oth", "k"), kty RSA of 2048–8192 bits or EC P-256 (parse_public_jwk);
//   - it fits the header's alg (PS256 needs RSA, ES256 needs P-256), and its own "alg"/"use", if
//     present, agree (RFC 7517 §4.2, §4.4).
// `kid`, `jku`, `x5u`, `x5c` are ignored (ATTACKS.md A09).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "jose/alg.hpp"

namespace fapid::jose {

// Public error descriptions besides those of jws_verify.hpp (ErrorCode::invalid_request, callers remap).
inline constexpr std::string_view kInvalidEmbeddedKey = "invalid jwk header";

struct EmbeddedKeyJws {
  Alg alg;
  std::string header_json;     // the decoded protected header (strict JSON object)
  std::string payload;         // the decoded payload (strict JSON object)
  std::string jwk_thumbprint;  // RFC 7638 SHA-256 thumbprint of the header's jwk, base64url
};

Result<EmbeddedKeyJws> verify_jws_with_embedded_jwk(std::string_view compact, const std::vector<Alg>& allowed,
                                                    std::size_t max_bytes);

}  // namespace fapid::jose
