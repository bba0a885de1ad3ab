#include "oidc/discovery.hpp"

#include <memory>
#include <nlohmann/json.hpp>

#include "http/responses.hpp"

namespace fapid::oidc {

namespace {

constexpr auto kBrowserAndMtls = http::listeners({http::Listener::tls, http::Listener::mtls});

// A pre-serialized document served from memory: the cheapest possible handler, run inline.
void add_static_json(http::Router& router, std::string path, std::shared_ptr<const std::string> body,
                     const char* content_type) {
  router.add({std::move(path), {http::Method::get}, kBrowserAndMtls, http::Execution::inline_,
              [body, content_type](const http::Request&) {
                auto r = http::json(200, *body, http::Cache::public_short);
                r.set("Content-Type", content_type);
                return r;
              }});
}

}  // namespace

std::string build_metadata(const Issuer& issuer, const std::vector<EndpointRef>& endpoints,
                           const nlohmann::json& profile_fields) {
  nlohmann::ordered_json doc;
  doc["issuer"] = issuer.url();  // OIDC Discovery §4.3 / RFC 8414 §3.3: equals the URL it is fetched under
  nlohmann::ordered_json aliases = nlohmann::ordered_json::object();
  for (const auto& e : endpoints) {
    if (e.mtls) {
      // Endpoints that authenticate clients live only on the mTLS listener, so the primary value
      // and the alias both point there (RFC 8705 §5; OFB "mTLS everywhere").
      auto url = issuer.mtls_url + issuer.path + e.path;
      doc[e.metadata_name] = url;
      aliases[e.metadata_name] = url;
    } else {
      doc[e.metadata_name] = issuer.url() + e.path;
    }
  }
  for (const auto& [key, value] : profile_fields.items()) doc[key] = value;
  if (!aliases.empty()) doc["mtls_endpoint_aliases"] = aliases;
  return doc.dump();
}

Issuer issuer_for(const config::Config& cfg, std::string_view path) {
  return {std::string(path), cfg.server.public_url, cfg.server.mtls_url};
}

void add_tree_routes(http::Router& router, const Issuer& issuer, std::string document, std::string jwks_json) {
  add_metadata_routes(router, issuer, std::move(document));
  add_jwks_route(router, issuer, std::move(jwks_json));
}

void add_metadata_routes(http::Router& router, const Issuer& issuer, std::string document) {
  auto body = std::make_shared<const std::string>(std::move(document));
  add_static_json(router, issuer.path + "/.well-known/openid-configuration", body, "application/json");
  add_static_json(router, "/.well-known/oauth-authorization-server" + issuer.path, body, "application/json");
  add_static_json(router, issuer.path + "/.well-known/oauth-authorization-server", body, "application/json");
}

void add_jwks_route(http::Router& router, const Issuer& issuer, std::string jwks_json) {
  // RFC 7517 §8.5.1 media type.
  add_static_json(router, issuer.path + "/jwks", std::make_shared<const std::string>(std::move(jwks_json)),
                  "application/jwk-set+json");
}

}  // namespace fapid::oidc
