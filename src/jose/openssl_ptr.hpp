#pragma once
// Owning pointers for the OpenSSL objects fapid_jose uses. Internal header.
#include <memory>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace fapid::jose {

struct OpensslFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};

template <class T>
using OsslPtr = std::unique_ptr<T, OpensslFree>;

// EVP_PKEY is reference-counted and safe to share between threads for signing and verifying
// (each call builds its own EVP_MD_CTX), so key sets hold it by shared_ptr.
using SharedPkey = std::shared_ptr<EVP_PKEY>;
inline SharedPkey share(OsslPtr<EVP_PKEY> key) { return SharedPkey(key.release(), OpensslFree{}); }

}  // namespace fapid::jose
