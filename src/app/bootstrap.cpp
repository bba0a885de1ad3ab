#include "app/bootstrap.hpp"

#include <algorithm>

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
  // The FAPI tree signs ID tokens, JARM responses and access tokens with PS256 for every profile.
  const auto& c = *cfg.config;
  const bool fapi_clients = std::any_of(c.clients.begin(), c.clients.end(),
                                        [](const config::Client& cl) { return cl.profile != config::Profile::none; });
  if (keys.keys && fapi_clients) {
    const auto algs = keys.keys->signing_algs();
    if (std::find(algs.begin(), algs.end(), jose::Alg::PS256) == algs.end())
      result.errors.emplace_back("keys: FAPI clients are configured, so an active PS256 signing key is required");
  }
  auto clients = oauth::ClientRegistry::build(cfg.config);
  result.errors.insert(result.errors.end(), clients.errors.begin(), clients.errors.end());
  if (result.errors.empty()) result.loaded = Loaded{cfg.config, keys.keys, tls.contexts, clients.registry};
  return result;
}

}  // namespace fapid::app
