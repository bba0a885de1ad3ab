#include "nonfapi/nonfapi_tree.hpp"

#include <nlohmann/json.hpp>

#include "config/wire_names.hpp"
#include "jose/key_store.hpp"
#include "nonfapi/authorize/authorize_endpoint.hpp"
#include "nonfapi/authorize/callback_endpoint.hpp"
#include "nonfapi/backoffice/backoffice_routes.hpp"
#include "nonfapi/endpoint_support.hpp"
#include "nonfapi/logout/end_session_endpoint.hpp"
#include "nonfapi/token/token_endpoint.hpp"
#include "nonfapi/userinfo/userinfo_endpoint.hpp"
#include "oidc/signed_metadata.hpp"
#include "oidc/value_set.hpp"

namespace fapid::nonfapi {

namespace {

// Endpoints the tree serves; routes and discovery are both built from this table. The portal is a
// browser application without a client certificate: everything is on the server-TLS listener.
std::vector<oidc::EndpointRef> endpoints() {
  return {{"authorization_endpoint", std::string(kAuthorizePath), false},
          {"token_endpoint", std::string(kTokenPath), false},
          {"userinfo_endpoint", std::string(kUserinfoPath), false},
          {"introspection_endpoint", std::string(kIntrospectionPath), false},
          {"revocation_endpoint", std::string(kRevocationPath), false},
          {"end_session_endpoint", std::string(kEndSessionPath), false},
          {"jwks_uri", "/jwks", false}};
}

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
  f["response_modes_supported"] = {"query"};
  f["grant_types_supported"] = grant_types.sorted();
  f["token_endpoint_auth_methods_supported"] = auth_methods.sorted();
  f["introspection_endpoint_auth_methods_supported"] = auth_methods.sorted();
  f["revocation_endpoint_auth_methods_supported"] = auth_methods.sorted();
  f["id_token_signing_alg_values_supported"] = signing_algs;
  f["subject_types_supported"] = {"public"};
  f["code_challenge_methods_supported"] = {"S256"};  // RFC 9700 §2.1.1: PKCE for every code flow
  f["claims_supported"] = {"sub", "name", "preferred_username", "email", "auth_time", "sid"};
  f["authorization_response_iss_parameter_supported"] = true;  // RFC 9207
  f["request_parameter_supported"] = false;
  f["request_uri_parameter_supported"] = false;
  return f;
}

}  // namespace

std::string metadata_document(const TreeDeps& deps) {
  return oidc::with_signed_metadata(
      oidc::build_metadata(oidc::issuer_for(*deps.config, kIssuerPath), endpoints(), profile_fields(deps)), *deps.keys);
}

std::shared_ptr<const Context> add_routes(http::Router& router, NonFapiDeps deps) {
  const auto issuer = oidc::issuer_for(*deps.config, kIssuerPath);
  oidc::add_tree_routes(router, issuer, metadata_document({deps.config, deps.keys}), deps.keys->public_jwks_json());
  auto ctx = std::make_shared<const Context>(std::move(deps));
  const std::string base(kIssuerPath);
  using http::Method;
  auto route = [&](std::string_view path, std::vector<Method> methods,
                   http::Response (*handler)(const Context&, const http::Request&)) {
    // Every endpoint may touch a store or the IdP: it runs on the bounded worker pool.
    router.add({base + std::string(path), std::move(methods), http::listeners({http::Listener::tls}),
                http::Execution::worker, [ctx, handler](const http::Request& req) { return handler(*ctx, req); }});
  };
  // The portal calls these from the staff member's browser: a CORS preflight precedes them.
  auto cors_route = [&](std::string_view path, std::vector<Method> methods, std::string allowed,
                        http::Response (*handler)(const Context&, const http::Request&)) {
    methods.push_back(Method::options);
    router.add({base + std::string(path), std::move(methods), http::listeners({http::Listener::tls}),
                http::Execution::worker, [ctx, handler, allowed](const http::Request& req) {
                  if (req.method == Method::options) return cors_preflight(*ctx, req, allowed);
                  return handler(*ctx, req);
                }});
  };
  route(kAuthorizePath, {Method::get, Method::post}, handle_authorize);
  route(kCallbackPath, {Method::get}, handle_callback);
  route(kEndSessionPath, {Method::get, Method::post}, handle_end_session);
  cors_route(kTokenPath, {Method::post}, "POST", handle_token);
  cors_route(kUserinfoPath, {Method::get, Method::post}, "GET, POST", handle_userinfo);
  cors_route(kIntrospectionPath, {Method::post}, "POST", handle_introspection);
  cors_route(kRevocationPath, {Method::post}, "POST", handle_revocation);
  add_backoffice_routes(router, ctx);
  return ctx;
}

}  // namespace fapid::nonfapi
