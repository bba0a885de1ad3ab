#include "jose/pem_key.hpp"

#include <fstream>
#include <iterator>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "jose/key_store.hpp"

namespace fapid::jose {
namespace {

// Without a callback OpenSSL would prompt on the terminal for an encrypted key; refuse instead.
int no_passphrase(char*, int, int, void*) { return -1; }

}  // namespace

PemKeyRead read_pem_private_key(const std::string& path) {
  PemKeyRead out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = "cannot read \"" + path + "\"";
    return out;
  }
  std::string pem;
  pem.resize(kMaxKeyFileBytes + 1);
  in.read(pem.data(), static_cast<std::streamsize>(pem.size()));
  pem.resize(static_cast<std::size_t>(in.gcount()));
  if (pem.size() > kMaxKeyFileBytes) {
    out.error = "\"" + path + "\" is larger than " + std::to_string(kMaxKeyFileBytes) + " bytes";
    return out;
  }
  OsslPtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio) out.key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  OPENSSL_cleanse(pem.data(), pem.size());
  if (!out.key) {
    ERR_clear_error();
    out.error = "\"" + path + "\" is not an unencrypted PEM private key";
  }
  return out;
}

}  // namespace fapid::jose
