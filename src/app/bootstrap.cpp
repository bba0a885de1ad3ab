#include "app/bootstrap.hpp"

#include "config/config_loader.hpp"
#include "http/tls_context.hpp"
#include "jose/key_store.hpp"
#include "oauth/client_registry.hpp"

namespace fapid::app {

BootstrapResult bootstrap(const std::string& config_path) {
  config::ProcessEnvironment env;
  auto cfg = config::load_config_file(config_path, env);
  if (!cfg.config) return {std::nullopt, std::move(cfg.errors)};

  // Keys and TLS are independent: report the errors of both in one run.
  BootstrapResult result;
  auto keys = jose::KeyStore::load(cfg.config->keys);
  result.errors = std::move(keys.errors);
  auto tls = http::TlsContexts::load(cfg.config->server.tls_files);
  result.errors.insert(result.errors.end(), tls.errors.begin(), tls.errors.end());
  auto clients = oauth::ClientRegistry::build(cfg.config);
  result.errors.insert(result.errors.end(), clients.errors.begin(), clients.errors.end());
  if (result.errors.empty()) result.loaded = Loaded{cfg.config, keys.keys, tls.contexts, clients.registry};
  return result;
}

}  // namespace fapid::app
