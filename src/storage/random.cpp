#include "storage/random.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "jose/base64url.hpp"

namespace fapid::storage {

std::string SystemRandom::token(std::size_t bytes) {
  std::string raw(std::max<std::size_t>(bytes, 16), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1) std::abort();
  return jose::base64url_encode(raw);
}

}  // namespace fapid::storage
