#pragma once
// The verification keys of one party (a client or an external IdP), parsed once from a JWKS
// (RFC 7517 §5) and immutable afterwards; cheap to copy and safe to share between threads.
#include <cstddef>
#include <memory>
#include <string_view>

#include "core/result.hpp"

namespace fapid::jose {

inline constexpr std::size_t kMaxJwksBytes = 64 * 1024;
inline constexpr std::size_t kMaxJwksKeys = 16;
inline constexpr std::size_t kMaxKidBytes = 256;

struct PublicKeySetImpl;  // defined in public_key_set_impl.hpp (OpenSSL types stay out of this header)

class PublicKeySet {
 public:
  PublicKeySet();  // no keys: verifies nothing

  // Rejects: invalid or oversized JSON, duplicate members, a missing "keys" array, more than
  // kMaxJwksKeys keys, private or symmetric members, "oct" or unknown kty, duplicate kids, RSA
  // under 2048 bits, EC other than P-256. Keys whose "use" is "enc" or whose "alg" we do not
  // support are kept (the set stays faithful) but never used to verify.
  // Errors: ErrorCode::invalid_request, description "invalid JWKS", detail names the key index.
  static Result<PublicKeySet> from_jwks_json(std::string_view jwks_json);

  std::size_t size() const;
  bool contains_kid(std::string_view kid) const;  // lets a caller decide to refetch (ATTACKS.md F05)

 private:
  friend struct PublicKeySetAccess;
  explicit PublicKeySet(std::shared_ptr<const PublicKeySetImpl> impl);
  std::shared_ptr<const PublicKeySetImpl> impl_;
};

}  // namespace fapid::jose
