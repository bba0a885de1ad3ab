#pragma once
// KeyStore::load reads keys from PEM files, as the server does: a fuzz harness hands it one through a
// temporary file, removed as soon as it is read. Any failure aborts (a harness that cannot start is a bug).
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "jose/key_store.hpp"

namespace fapid::fuzz {

inline std::shared_ptr<const jose::KeyStore> key_store_from_pem(std::string_view pem, config::KeyFile key) {
  char path[] = "/tmp/fapid-fuzz-key-XXXXXX";  // mkstemp's template
  const int fd = mkstemp(path);
  if (fd < 0) std::abort();
  if (write(fd, pem.data(), pem.size()) != static_cast<ssize_t>(pem.size())) std::abort();
  close(fd);
  key.file = path;
  auto load = jose::KeyStore::load({key});
  unlink(path);
  if (!load.keys) std::abort();
  return load.keys;
}

}  // namespace fapid::fuzz
