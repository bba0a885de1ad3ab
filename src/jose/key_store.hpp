#pragma once
// The server's own keys: signing keys (PS256, ES256) and encryption keys (RSA-OAEP), loaded once
// from PEM files at start-up, immutable afterwards and shared between threads. Several keys per
// algorithm can be published at once so keys rotate without downtime; one per algorithm signs.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"
#include "jose/alg.hpp"
#include "jose/jwe.hpp"

namespace fapid::jose {

inline constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

class KeyStore;

struct KeyStoreLoad {
  std::shared_ptr<const KeyStore> keys;  // null when `errors` is not empty
  std::vector<std::string> errors;       // every problem, each naming its path: "keys[1].file: not an RSA key"
};

class KeyStore {
 public:
  // Checks each key's type against its alg (PS256 and RSA-OAEP: RSA ≥ 2048 bits; ES256: EC P-256),
  // use against alg, kids (non-empty, printable, unique) and at most one active key per alg.
  static KeyStoreLoad load(const std::vector<config::KeyFile>& files);

  KeyStore(const KeyStore&) = delete;
  KeyStore& operator=(const KeyStore&) = delete;
  ~KeyStore();

  // {"keys":[{kty,kid,use,alg,n,e | crv,x,y}, ...]}: public members only, every key including
  // inactive ones, in configuration order. Serialized once at load.
  const std::string& public_jwks_json() const;
  // Algorithms that have an active signing key, PS256 first.
  std::vector<Alg> signing_algs() const;
  // An RSA-OAEP key exists (for request_object_encryption_* metadata).
  bool has_encryption_key() const;

  // Compact JWS over `payload_json` with the active key for `alg`; header {"alg","kid","typ"}
  // ("typ" omitted when empty). Safe to call from many threads at once.
  // Errors: server_error when no active key for `alg` exists or OpenSSL fails.
  Result<std::string> sign(Alg alg, std::string_view payload_json, std::string_view typ) const;

  // Decrypts a compact JWE (RFC 7516 §7.1) sent to one of the server's RSA-OAEP keys, e.g. a request
  // object sent as a nested JWT (RFC 9101 §6.1): the key is the one the header's kid names or, without
  // a kid, each RSA-OAEP key in turn (at most kMaxKidlessJweKeys). Before any decoding, rejects more than
  // `max_bytes`, a character outside [A-Za-z0-9_.-] and other than five segments; then a header that is
  // not a strict JSON object, alg other than RSA-OAEP, enc other than A256GCM, any "zip" (never
  // inflated, ATTACKS.md A11) or "crit", an IV other than 12 octets, a tag other than 16 octets
  // (CVE-2023-37464), a failed key unwrap or tag check, and plaintext over `max_bytes`.
  // Errors: invalid_request with the one public description kJweNotDecrypted whatever failed; the
  // check that failed is in `detail`. Safe to call from many threads at once.
  Result<DecryptedJwe> decrypt_jwe(std::string_view compact, std::size_t max_bytes) const;

 private:
  struct Impl;
  explicit KeyStore(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace fapid::jose
