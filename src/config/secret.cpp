#include "config/secret.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace fapid::config {

Secret::~Secret() { OPENSSL_cleanse(value_.data(), value_.size()); }

bool Secret::equals(std::string_view candidate) const {
  // Compare digests so the comparison time does not depend on where lengths or bytes differ.
  unsigned char a[EVP_MAX_MD_SIZE], b[EVP_MAX_MD_SIZE];
  unsigned int la = 0, lb = 0;
  EVP_Digest(value_.data(), value_.size(), a, &la, EVP_sha256(), nullptr);
  EVP_Digest(candidate.data(), candidate.size(), b, &lb, EVP_sha256(), nullptr);
  return la == lb && CRYPTO_memcmp(a, b, la) == 0;
}

}  // namespace fapid::config
