// libFuzzer target: untrusted compact JWE into KeyStore::decrypt_jwe (request objects sent as nested
// JWTs, RFC 9101 §6.1). The key store is fixed for the run: one RSA-OAEP key "fuzz-enc", generated
// once. Seed tokens in corpus/jwe_decrypt/ use that kid but another key (made once with the helpers of
// tests/unit/jose/jwe_test.cpp), so they pass every structural check and exercise the key unwrap and
// the tag check. An input starting with '!' (never
// valid compact JWE) is instead a plaintext: it is encrypted to the store's public key with
// encrypt_jwe and must decrypt to itself, which covers the success path.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "jose/jwe.hpp"
#include "jose/key_store.hpp"
#include "jose/openssl_ptr.hpp"

namespace {

using namespace fapid::jose;

constexpr std::size_t kMaxBytes = 16 * 1024;

// KeyStore loads PEM files only: write the generated key to a private temporary file, load, delete.
std::shared_ptr<const KeyStore> make_store() {
  OsslPtr<EVP_PKEY> rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
  char path[] = "/tmp/fapid-jwe-fuzz-XXXXXX";
  const int fd = mkstemp(path);
  if (!rsa || fd < 0) std::abort();
  FILE* file = fdopen(fd, "w");
  if (!file || PEM_write_PrivateKey(file, rsa.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) std::abort();
  std::fclose(file);
  auto load = KeyStore::load({{"fuzz-enc", fapid::config::KeyUse::enc, "RSA-OAEP", path, false}});
  unlink(path);
  if (!load.keys) std::abort();
  return load.keys;
}

const KeyStore& fuzz_store() {
  static const auto store = make_store();
  return *store;
}

const PublicKeySet& fuzz_recipient() {
  static const PublicKeySet set = PublicKeySet::from_jwks_json(fuzz_store().public_jwks_json()).value();
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!input.empty() && input.front() == '!') {
    const std::string_view plaintext = input.substr(1);
    auto compact = encrypt_jwe(fuzz_recipient(), plaintext, "JWT");
    if (!compact) std::abort();
    auto round = fuzz_store().decrypt_jwe(*compact, kMaxBytes);
    // Within the limit it must come back unchanged; beyond it, it must be refused.
    if (compact->size() <= kMaxBytes && (!round || round->plaintext != plaintext || round->cty != "JWT")) std::abort();
    if (compact->size() > kMaxBytes && round) std::abort();
    return 0;
  }
  auto result = fuzz_store().decrypt_jwe(input, kMaxBytes);
  if (result && (result->plaintext.size() > kMaxBytes || result->kid != "fuzz-enc")) std::abort();
  if (!result && result.error().description != kJweNotDecrypted) std::abort();  // one public description
  return 0;
}
