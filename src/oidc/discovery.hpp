#pragma once
// Builds an issuer's metadata document (OIDC Discovery 1.0 §3, RFC 8414 §2) from what the tree has
// actually registered, so the document can never advertise an endpoint that is not served.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "http/router.hpp"

namespace fapid::jose {
class KeyStore;
}

namespace fapid::oidc {

// An endpoint of a tree, named by its metadata key (e.g. "token_endpoint").
struct EndpointRef {
  std::string metadata_name;
  std::string path;    // below the issuer path, e.g. "/token"
  bool mtls = false;   // served on the mTLS listener: listed under mtls_endpoint_aliases (RFC 8705 §5)
};

struct Issuer {
  std::string path;        // "/auth"
  std::string public_url;  // TLS listener base, e.g. https://as.example
  std::string mtls_url;    // mTLS listener base
  std::string url() const { return public_url + path; }
};

Issuer issuer_for(const config::Config& cfg, std::string_view path);

// What a tree needs to build its routes.
struct TreeDeps {
  config::ConfigPtr config;
  std::shared_ptr<const jose::KeyStore> keys;
};

// `profile_fields` carries the tree's policy (algorithms, methods, response types); endpoint URLs
// come only from `endpoints`. Returns the serialized JSON.
std::string build_metadata(const Issuer& issuer, const std::vector<EndpointRef>& endpoints,
                           const nlohmann::json& profile_fields);

// Registers GET routes for the document at <issuer>/.well-known/openid-configuration (OIDC Discovery §4),
// /.well-known/oauth-authorization-server<issuer path> (RFC 8414 §3.1) and, for clients that append the
// suffix instead, <issuer>/.well-known/oauth-authorization-server; served on both TLS listeners.
void add_metadata_routes(http::Router& router, const Issuer& issuer, std::string document);

// Registers the metadata routes and the JWKS route of one tree.
void add_tree_routes(http::Router& router, const Issuer& issuer, std::string document, std::string jwks_json);

// Registers GET <issuer>/jwks serving the public JWKS (RFC 7517 §5) on both TLS listeners.
void add_jwks_route(http::Router& router, const Issuer& issuer, std::string jwks_json);

}  // namespace fapid::oidc
