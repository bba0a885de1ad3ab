// libFuzzer target: untrusted compact JWS into verify_jws (request objects, client assertions, DPoP
// proofs and IdP ID tokens all arrive this way). The key set is fixed for the run: one PS256 key
// "fuzz-ps256" and one ES256 key "fuzz-es256", generated once. Seed tokens in corpus/jws_verify/
// use those kids, so they exercise every check up to the signature itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "jose/jwk.hpp"
#include "jose/jws_verify.hpp"
#include "jose/openssl_ptr.hpp"

namespace {

using namespace fapid::jose;

const PublicKeySet& fuzz_keys() {
  static const PublicKeySet keys = [] {
    OsslPtr<EVP_PKEY> rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
    OsslPtr<EVP_PKEY> ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    nlohmann::ordered_json jwks{{"keys", {*public_jwk(rsa.get(), "fuzz-ps256", "sig", "PS256"),
                                          *public_jwk(ec.get(), "fuzz-es256", "sig", "ES256")}}};
    return PublicKeySet::from_jwks_json(jwks.dump()).value();
  }();
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const VerifyPolicy policy{{Alg::PS256, Alg::ES256}};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto result = verify_jws(input, fuzz_keys(), policy);
  if (result) __builtin_trap();  // nobody without the generated keys can make a valid token
  return 0;
}
