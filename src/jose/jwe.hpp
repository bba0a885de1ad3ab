#pragma once
// JWE in compact serialization (RFC 7516 §7.1) for exactly one pair of algorithms: key management
// RSA-OAEP (RFC 7518 §4.3) and content encryption A256GCM (RFC 7518 §5.3). SPEC K4 forbids RSA1_5;
// Open Finance Brasil allows only this pair. Two uses:
//   - decryption of request objects sent as nested JWTs (RFC 9101 §6.1, OFB R7), through
//     KeyStore::decrypt_jwe, which holds the server's private keys and calls decrypt_jwe below;
//   - encryption of front-channel ID tokens to a client's use=enc key (SPEC I7).
// Built on OpenSSL 3 EVP; every byte of untrusted input is checked by our code first (SPEC.md, Stack
// hazards): alphabet, segment count and size, then a strict header, then exact IV and tag lengths.
// "zip" is refused, never inflated (ATTACKS.md A11); "crit" is refused (we implement no extension);
// "jku", "x5u", "jwk" and "x5c" are never read (ATTACKS.md A09).
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "jose/public_key_set.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, only named: this header includes no OpenSSL header

namespace fapid::jose {

inline constexpr std::string_view kJweAlg = "RSA-OAEP";  // RFC 7518 §4.3 (SHA-1, MGF1 with SHA-1)
inline constexpr std::string_view kJweEnc = "A256GCM";   // RFC 7518 §5.3
inline constexpr std::size_t kMaxKidlessJweKeys = 4;     // keys tried when the header has no kid

// Public error descriptions. Decryption failures all read kJweNotDecrypted (ErrorCode::invalid_request;
// callers remap the code, e.g. to invalid_request_object): which check failed is only in `detail`.
inline constexpr std::string_view kJweNotDecrypted = "JWE could not be decrypted";
inline constexpr std::string_view kNoClientEncryptionKey = "client has no encryption key";

struct DecryptedJwe {
  std::string plaintext;
  std::string kid;  // of the server key that decrypted
  std::string cty;  // the header's "cty" ("JWT" for a nested JWT), "" when absent
};

// One of the server's RSA-OAEP private keys, as KeyStore holds it (only KeyStore makes these).
struct JweDecryptionKey {
  std::string kid;
  std::shared_ptr<evp_pkey_st> key;
};

// The body of KeyStore::decrypt_jwe (see there): call that instead. With a header kid only the key
// with that kid is tried; without one, each key in order, at most kMaxKidlessJweKeys of them.
Result<DecryptedJwe> decrypt_jwe(std::string_view compact, std::size_t max_bytes,
                                 std::span<const JweDecryptionKey> keys);

// Compact JWE of `plaintext` to the recipient's first key (in JWKS order) with kty RSA, "use" "enc" or
// absent and "alg" "RSA-OAEP" or absent. Header {"alg":"RSA-OAEP","enc":"A256GCM","kid":…,"cty":…}:
// kid only if the JWK has one, cty only if non-empty (printable ASCII); never x5u/x5c/jku/jwk.
// A fresh content key and IV every call. Safe to call from many threads at once.
// Errors: invalid_request kNoClientEncryptionKey when no key fits; server_error if OpenSSL fails.
Result<std::string> encrypt_jwe(const PublicKeySet& recipient, std::string_view plaintext, std::string_view cty);

// Whether encrypt_jwe has a key to use (for registration checks and metadata).
bool has_encryption_key(const PublicKeySet& recipient);

}  // namespace fapid::jose
