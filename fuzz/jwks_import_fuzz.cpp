// libFuzzer target: an untrusted JWKS (a client's jwks/jwksUri, an IdP's jwks_uri) into
// PublicKeySet::from_jwks_json. Whatever it accepts must hold only public keys of the kinds the
// verifier can use, within the key-count limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jose/public_key_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto keys = fapid::jose::PublicKeySet::from_jwks_json(input);
  if (keys && keys->size() > fapid::jose::kMaxJwksKeys) std::abort();  // the limit must hold
  return 0;
}
