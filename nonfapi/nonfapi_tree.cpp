#include "nonfapi/nonfapi_tree.hpp"

#include <nlohmann/json.hpp>

#include "config/wire_names.hpp"
#include "jose/key_store.hpp"
#include "oidc/discovery.hpp"
#include "oidc/signed_metadata.hpp"
#include "oidc/value_set.hpp"

namespace fapid::nonfapi {

namespace {

std::vector<oidc::EndpointRef> endpoints() { return {{"jwks_uri", "/jwks", false}}; }

nlohmann::json profile_fields(const TreeDeps& deps) {
  oidc::ValueSet response_types, auth_methods, scopes, grant_types;
  for (const auto& client : deps.config->clients) {
    if (client.profile != config::Profile::none) continue;
    for (const auto& rt : client.response_types) response_types.add(rt);
    auth_methods.add(std::string(config::to_string(client.auth_method)));
    for (const auto& s : client.allowed_scopes) scopes.add(s);
    for (const auto& g : client.grant_types) grant_types.add(g);
  }
  std::vector<std::string> signing_algs;
  for (auto alg : deps.keys->signing_algs()) signing_algs.emplace_back(jose::to_string(alg));
  nlohmann::json f;
  f["scopes_supported"] = scopes.sorted();
  f["response_types_supported"] = response_types.sorted();
  f["grant_types_supported"] = grant_types.sorted();
  f["token_endpoint_auth_methods_supported"] = auth_methods.sorted();
  f["id_token_signing_alg_values_supported"] = signing_algs;
  f["subject_types_supported"] = {"public"};
  f["code_challenge_methods_supported"] = {"S256"};  // RFC 9700 §2.1.1: PKCE for every code flow
  return f;
}

}  // namespace

std::string metadata_document(const TreeDeps& deps) {
  return oidc::with_signed_metadata(
      oidc::build_metadata(oidc::issuer_for(*deps.config, kIssuerPath), endpoints(), profile_fields(deps)), *deps.keys);
}

void add_routes(http::Router& router, const TreeDeps& deps) {
  oidc::add_tree_routes(router, oidc::issuer_for(*deps.config, kIssuerPath), metadata_document(deps),
                        deps.keys->public_jwks_json());
}

}  // namespace fapid::nonfapi
