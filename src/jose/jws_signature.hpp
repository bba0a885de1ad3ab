#pragma once
// The signature step of JWS for our algorithms, on OpenSSL 3 EVP (RFC 7518 §3.4, §3.5). Internal:
// callers go through KeyStore::sign and verify_jws, which pick the key and check the header first.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <openssl/evp.h>

#include "jose/alg.hpp"
#include "jose/openssl_ptr.hpp"

namespace fapid::jose {

inline constexpr std::size_t kEs256SignatureBytes = 64;  // R || S, 32 octets each (RFC 7518 §3.4)

// True if `key` is the kind `alg` needs: RSA of 2048 to 8192 bits for PS256 and RS256, EC P-256 for ES256.
bool key_fits_alg(EVP_PKEY* key, Alg alg);

// The JWS Signature octets over `signing_input` (ASCII(BASE64URL(header) || '.' || BASE64URL(payload))).
// nullopt only if OpenSSL fails.
std::optional<std::string> jws_sign(EVP_PKEY* key, Alg alg, std::string_view signing_input);

// One key's signing context, set up once (digest, PSS padding, salt length) and copied for each
// signature: EVP_DigestSignInit looks up the provider's algorithms on every call, about 5% of a PS256
// signature (bench/README.md). Safe to use from many threads: only the copy reads the shared template,
// under a lock; the signature itself runs on the copy.
class PreparedSigner {
 public:
  // nullptr if OpenSSL cannot set the key up for `alg`.
  static std::unique_ptr<PreparedSigner> make(EVP_PKEY* key, Alg alg);
  // The JWS Signature octets, as jws_sign gives them; nullopt only if OpenSSL fails.
  std::optional<std::string> sign(std::string_view signing_input) const;

 private:
  PreparedSigner(OsslPtr<EVP_MD_CTX> prepared, Alg alg) : prepared_(std::move(prepared)), alg_(alg) {}

  OsslPtr<EVP_MD_CTX> prepared_;
  Alg alg_;
  mutable std::mutex copy_mutex_;
};

// Checks the length first (RSA: modulus size; ES256: exactly 64 octets), then the signature.
bool jws_verify_signature(EVP_PKEY* key, Alg alg, std::string_view signing_input, std::string_view signature);

}  // namespace fapid::jose
