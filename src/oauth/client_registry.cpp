#include "oauth/client_registry.hpp"

namespace fapid::oauth {

RegistryLoad ClientRegistry::build(const config::ConfigPtr& config) {
  auto registry = std::make_shared<ClientRegistry>();
  registry->config_ = config;
  RegistryLoad out;
  for (std::size_t i = 0; i < config->clients.size(); ++i) {
    const auto& c = config->clients[i];
    const std::string path = "clients[" + std::to_string(i) + "]";
    RegisteredClient rc;
    rc.config = &c;
    if (!c.jwks_json.empty()) {
      auto keys = jose::PublicKeySet::from_jwks_json(c.jwks_json);
      if (keys) rc.keys = std::move(*keys);
      else out.errors.push_back(path + ".jwks: " + keys.error().detail);
    }
    // Fetching a client's JWKS needs the outbound HTTPS client that federation brings (issue 6); until
    // then a jwksUri-only client could never authenticate, so it is refused at start rather than at use.
    if (!c.jwks_uri.empty())
      out.errors.push_back(path + ".jwksUri: not fetched by this version; give the keys with jwks or jwksFile");
    if (!c.tls_client_auth_subject_dn.empty()) {
      rc.subject_dn = DistinguishedName::parse_rfc4514(c.tls_client_auth_subject_dn);
      if (!rc.subject_dn) out.errors.push_back(path + ".tlsClientAuthSubjectDn: not an RFC 4514 distinguished name");
    }
    registry->clients_.emplace(c.client_id, std::move(rc));
  }
  if (out.errors.empty()) out.registry = std::move(registry);
  return out;
}

const RegisteredClient* ClientRegistry::find(std::string_view client_id) const {
  const auto it = clients_.find(std::string(client_id));
  return it == clients_.end() ? nullptr : &it->second;
}

}  // namespace fapid::oauth
