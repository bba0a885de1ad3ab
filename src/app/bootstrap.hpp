#pragma once
// Loads everything `serve` needs before binding a port: configuration, keys, TLS material. The same
// path backs `check-config`, so a configuration that checks clean also starts.
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace fapid::jose {
class KeyStore;
}
namespace fapid::http {
class TlsContexts;
}
namespace fapid::oauth {
class ClientRegistry;
}

namespace fapid::app {

struct Loaded {
  config::ConfigPtr config;
  std::shared_ptr<const jose::KeyStore> keys;
  std::shared_ptr<const http::TlsContexts> tls;
  std::shared_ptr<const oauth::ClientRegistry> clients;
};

struct BootstrapResult {
  std::optional<Loaded> loaded;
  std::vector<std::string> errors;  // "yaml.path: message", every one found
};

BootstrapResult bootstrap(const std::string& config_path);

}  // namespace fapid::app
