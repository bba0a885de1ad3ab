#pragma once
// Reads one PEM private key file (PKCS#8 or traditional), bounded in size, never prompting for a
// passphrase. Internal to fapid_jose.
#include <string>

#include "jose/openssl_ptr.hpp"

namespace fapid::jose {

struct PemKeyRead {
  OsslPtr<EVP_PKEY> key;  // null on failure
  std::string error;      // e.g. "cannot read \"/etc/fapid/k.pem\""
};

PemKeyRead read_pem_private_key(const std::string& path);

}  // namespace fapid::jose
