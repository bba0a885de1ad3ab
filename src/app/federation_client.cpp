#include "app/federation_client.hpp"

#include "http/https_client.hpp"

namespace fapid::app {

Result<std::shared_ptr<federation::IdpClient>> federation_client(const config::Config& cfg, const Clock& clock) {
  const auto& f = cfg.federation;
  if (!f.enabled()) return std::shared_ptr<federation::IdpClient>();
  http::OutboundOptions options;
  options.ca_file = f.ca_file;
  options.timeout = f.http_timeout;
  auto https = http::make_https_client(options);
  if (!https) return https.error();
  federation::IdpSettings settings;
  settings.discovery_url = f.discovery_endpoint;
  settings.client_id = f.client_id;
  settings.client_secret = *f.client_secret;  // required with discoveryEndpoint (config_loader)
  settings.role_claim = f.role_claim;
  return std::make_shared<federation::IdpClient>(std::move(settings), std::move(*https), clock);
}

}  // namespace fapid::app
