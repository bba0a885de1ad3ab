#pragma once
// The signature step of JWS for our algorithms, on OpenSSL 3 EVP (RFC 7518 §3.4, §3.5). Internal:
// callers go through KeyStore::sign and verify_jws, which pick the key and check the header first.
#include <optional>
#include <string>
#include <string_view>

#include <openssl/evp.h>

#include "jose/alg.hpp"

namespace fapid::jose {

inline constexpr std::size_t kEs256SignatureBytes = 64;  // R || S, 32 octets each (RFC 7518 §3.4)

// True if `key` is the kind `alg` needs: RSA of 2048 to 8192 bits for PS256 and RS256, EC P-256 for ES256.
bool key_fits_alg(EVP_PKEY* key, Alg alg);

// The JWS Signature octets over `signing_input` (ASCII(BASE64URL(header) || '.' || BASE64URL(payload))).
// nullopt only if OpenSSL fails.
std::optional<std::string> jws_sign(EVP_PKEY* key, Alg alg, std::string_view signing_input);

// Checks the length first (RSA: modulus size; ES256: exactly 64 octets), then the signature.
bool jws_verify_signature(EVP_PKEY* key, Alg alg, std::string_view signing_input, std::string_view signature);

}  // namespace fapid::jose
