#pragma once
// Internal to fapid_jose: what a PublicKeySet holds, for the verifier and for JWE encryption.
#include <optional>
#include <string>
#include <vector>

#include "jose/alg.hpp"
#include "jose/jwk.hpp"
#include "jose/public_key_set.hpp"

namespace fapid::jose {

struct VerificationKey {
  std::optional<std::string> kid;
  Kty kty = Kty::RSA;
  std::optional<std::string> alg;  // the JWK's own "alg", if it has one
  bool for_signatures = true;       // false when "use" is "enc"
  SharedPkey key;
  bool for_encryption = false;      // true when "use" is "enc" or absent (encrypt_jwe, jwe.hpp)

  // Whether this key may check a JWS whose header says `header_alg`: the key must be meant for
  // signatures, its own "alg" (if any) must equal the header's, and its type and size must fit.
  bool can_verify(Alg header_alg) const;
};

struct PublicKeySetImpl {
  std::vector<VerificationKey> keys;
};

struct PublicKeySetAccess {
  static const PublicKeySetImpl& impl(const PublicKeySet& set) { return *set.impl_; }
};

}  // namespace fapid::jose
