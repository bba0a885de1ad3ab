#include "fapi/fapi_tree.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/wire_names.hpp"
#include "fapi/authorize/authorize_endpoint.hpp"
#include "fapi/authorize/customer_pages.hpp"
#include "fapi/consents/consents_api.hpp"
#include "fapi/introspection/introspection_endpoint.hpp"
#include "fapi/par/par_endpoint.hpp"
#include "fapi/token/token_endpoint.hpp"
#include "fapi/userinfo/userinfo_endpoint.hpp"
#include "fapi/profile_policy.hpp"
#include "jose/key_store.hpp"
#include "oidc/discovery.hpp"
#include "oidc/signed_metadata.hpp"
#include "oidc/value_set.hpp"

namespace fapid::fapi {

namespace {

// Endpoints the tree serves; routes and discovery are both built from this table.
std::vector<oidc::EndpointRef> endpoints() {
  return {{"authorization_endpoint", std::string(kAuthorizePath), false},
          {"pushed_authorization_request_endpoint", std::string(kParPath), true},
          {"token_endpoint", std::string(kTokenPath), true},
          {"userinfo_endpoint", std::string(kUserinfoPath), true},
          {"introspection_endpoint", std::string(kIntrospectionPath), true},
          {"revocation_endpoint", std::string(kRevocationPath), true},
          {"jwks_uri", "/jwks", false}};
}

nlohmann::json profile_fields(const TreeDeps& deps) {
  oidc::ValueSet response_types, auth_methods, assertion_algs, scopes, grant_types, dpop_algs, issued_algs;
  bool any_dpop = false;
  for (const auto& client : deps.config->clients) {
    if (client.profile == config::Profile::none) continue;
    const auto& policy = policy_for(client.profile);
    if (client.token_binding == config::TokenBinding::dpop) {
      any_dpop = true;
      for (auto alg : policy.jws_algs) dpop_algs.add(std::string(alg));
    }
    for (const auto& rt : client.response_types) response_types.add(rt);
    auth_methods.add(std::string(config::to_string(client.auth_method)));
    for (auto alg : policy.jws_algs) assertion_algs.add(std::string(alg));
    issued_algs.add(std::string(policy.jws_algs.front()));  // what the server signs for this client
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
  // D5: only the algorithms the server signs with for some FAPI client and holds an active key for.
  std::vector<std::string> id_token_algs;
  for (auto alg : deps.keys->signing_algs())
    if (issued_algs.contains(std::string(jose::to_string(alg)))) id_token_algs.emplace_back(jose::to_string(alg));
  f["id_token_signing_alg_values_supported"] = id_token_algs;
  f["subject_types_supported"] = {"public"};            // D15
  f["code_challenge_methods_supported"] = {"S256"};     // D9, P8: S256 only
  f["tls_client_certificate_bound_access_tokens"] = true;  // D6, RFC 8705 §3.3
  f["require_pushed_authorization_requests"] = true;       // D8, A1
  f["authorization_response_iss_parameter_supported"] = true;  // D10, RFC 9207
  f["response_modes_supported"] = {"query", "fragment", "jwt", "query.jwt", "fragment.jwt"};  // D12, J1
  f["authorization_signing_alg_values_supported"] = id_token_algs;                          // D5, D12
  if (any_dpop) f["dpop_signing_alg_values_supported"] = dpop_algs.sorted();                // D6
  if (deps.keys->has_encryption_key()) {
    // D19, R7: nested request objects encrypted to the server.
    f["request_object_encryption_alg_values_supported"] = {"RSA-OAEP"};
    f["request_object_encryption_enc_values_supported"] = {"A256GCM"};
  }
  // I7: front-channel ID tokens are encrypted to clients that publish an encryption key.
  f["id_token_encryption_alg_values_supported"] = {"RSA-OAEP"};
  f["id_token_encryption_enc_values_supported"] = {"A256GCM"};
  f["claims_parameter_supported"] = true;                                                   // D16, I9
  f["claims_supported"] = {"sub", "acr", "auth_time", "cpf", "cnpj"};
  f["acr_values_supported"] = deps.config->fapi.acr_values_supported;
  f["request_parameter_supported"] = false;  // D13 n/a: requests are pushed (PAR), never sent by value to /authorize
  f["request_uri_parameter_supported"] = true;
  f["introspection_endpoint_auth_methods_supported"] = f["token_endpoint_auth_methods_supported"];
  f["revocation_endpoint_auth_methods_supported"] = f["token_endpoint_auth_methods_supported"];
  f["introspection_signing_alg_values_supported"] = id_token_algs;  // IN3, RFC 9701 §7
  f["introspection_endpoint_auth_signing_alg_values_supported"] = assertion_algs.sorted();
  f["revocation_endpoint_auth_signing_alg_values_supported"] = assertion_algs.sorted();
  return f;
}

}  // namespace

std::string metadata_document(const TreeDeps& deps) {
  return oidc::with_signed_metadata(
      oidc::build_metadata(oidc::issuer_for(*deps.config, kIssuerPath), endpoints(), profile_fields(deps)), *deps.keys);
}

std::shared_ptr<const Context> add_routes(http::Router& router, FapiDeps deps) {
  const auto issuer = oidc::issuer_for(*deps.config, kIssuerPath);
  oidc::add_tree_routes(router, issuer, metadata_document({deps.config, deps.keys}), deps.keys->public_jwks_json());
  auto ctx = std::make_shared<const Context>(std::move(deps));
  const std::string base(kIssuerPath);
  auto route = [&](std::string_view path, std::vector<http::Method> methods, http::Listener listener,
                   http::Response (*handler)(const Context&, const http::Request&)) {
    // Every endpoint below may touch a store: it runs on the bounded worker pool, never on a network thread.
    router.add({base + std::string(path), std::move(methods), http::listeners({listener}), http::Execution::worker,
                [ctx, handler](const http::Request& req) { return handler(*ctx, req); }});
  };
  using http::Listener;
  using http::Method;
  route(kParPath, {Method::post}, Listener::mtls, handle_par);
  route(kAuthorizePath, {Method::get, Method::post}, Listener::tls, handle_authorize);
  route(kInteractionPath, {Method::get}, Listener::tls, handle_interaction_page);
  route(kLoginPath, {Method::post}, Listener::tls, handle_login);
  route(kDecisionPath, {Method::post}, Listener::tls, handle_decision);
  route(kStylesheetPath, {Method::get}, Listener::tls, handle_stylesheet);
  route(kTokenPath, {Method::post}, Listener::mtls, handle_token);
  route(kIntrospectionPath, {Method::post}, Listener::mtls, handle_introspection);
  route(kRevocationPath, {Method::post}, Listener::mtls, handle_revocation);
  route(kUserinfoPath, {Method::get, Method::post}, Listener::mtls, handle_userinfo);
  add_consents_api(router, ctx);
  return ctx;
}

}  // namespace fapid::fapi
