#include "fapi/fapi_tree.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/wire_names.hpp"
#include "fapi/profile_policy.hpp"
#include "jose/key_store.hpp"
#include "oidc/discovery.hpp"
#include "oidc/signed_metadata.hpp"
#include "oidc/value_set.hpp"

namespace fapid::fapi {

namespace {

// Endpoints the tree serves; later features append here and discovery follows.
std::vector<oidc::EndpointRef> endpoints() { return {{"jwks_uri", "/jwks", false}}; }

nlohmann::json profile_fields(const TreeDeps& deps) {
  oidc::ValueSet response_types, auth_methods, assertion_algs, scopes, grant_types;
  for (const auto& client : deps.config->clients) {
    if (client.profile == config::Profile::none) continue;
    const auto& policy = policy_for(client.profile);
    for (const auto& rt : client.response_types) response_types.add(rt);
    auth_methods.add(std::string(config::to_string(client.auth_method)));
    for (auto alg : policy.jws_algs) assertion_algs.add(std::string(alg));
    for (const auto& s : client.allowed_scopes) scopes.add(s);
    for (const auto& g : client.grant_types) grant_types.add(g);
  }
  nlohmann::json f;
  f["scopes_supported"] = scopes.sorted();
  f["response_types_supported"] = response_types.sorted();
  f["grant_types_supported"] = grant_types.sorted();
  f["token_endpoint_auth_methods_supported"] = auth_methods.sorted();  // D4: ⊆ {private_key_jwt, tls_client_auth}
  f["token_endpoint_auth_signing_alg_values_supported"] = assertion_algs.sorted();  // D5
  f["request_object_signing_alg_values_supported"] = assertion_algs.sorted();       // D5
  // D5: only algorithms this server both allows for some FAPI client and holds an active key for.
  std::vector<std::string> id_token_algs;
  for (auto alg : deps.keys->signing_algs())
    if (assertion_algs.contains(std::string(jose::to_string(alg)))) id_token_algs.emplace_back(jose::to_string(alg));
  f["id_token_signing_alg_values_supported"] = id_token_algs;
  f["subject_types_supported"] = {"public"};            // D15
  f["code_challenge_methods_supported"] = {"S256"};     // D9, P8: S256 only
  f["tls_client_certificate_bound_access_tokens"] = true;  // D6, RFC 8705 §3.3
  f["require_pushed_authorization_requests"] = true;       // D8, A1
  f["authorization_response_iss_parameter_supported"] = true;  // D10, RFC 9207
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

}  // namespace fapid::fapi
