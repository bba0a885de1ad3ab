#include "oidc/discovery.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/router.hpp"

namespace fapid::oidc {
namespace {

const Issuer kIssuer{"/auth", "https://as.example", "https://mtls.as.example"};

TEST(Discovery, D3_IssuerIsPublicUrlPlusTreePath) {
  auto doc = nlohmann::json::parse(build_metadata(kIssuer, {}, nlohmann::json::object()));
  EXPECT_EQ(doc["issuer"], "https://as.example/auth");
}

TEST(Discovery, BrowserEndpointsLiveUnderTheIssuerAndHaveNoAlias) {
  auto doc = nlohmann::json::parse(build_metadata(kIssuer, {{"jwks_uri", "/jwks", false}}, nlohmann::json::object()));
  EXPECT_EQ(doc["jwks_uri"], "https://as.example/auth/jwks");
  EXPECT_FALSE(doc.contains("mtls_endpoint_aliases"));
}

TEST(Discovery, D7_MtlsEndpointsAreListedUnderMtlsEndpointAliases) {
  auto doc = nlohmann::json::parse(build_metadata(
      kIssuer, {{"jwks_uri", "/jwks", false}, {"token_endpoint", "/token", true}}, nlohmann::json::object()));
  EXPECT_EQ(doc["token_endpoint"], "https://mtls.as.example/auth/token");
  ASSERT_TRUE(doc.contains("mtls_endpoint_aliases"));
  EXPECT_EQ(doc["mtls_endpoint_aliases"]["token_endpoint"], "https://mtls.as.example/auth/token");
  EXPECT_FALSE(doc["mtls_endpoint_aliases"].contains("jwks_uri"));
}

TEST(Discovery, ProfileFieldsAreCopiedVerbatim) {
  nlohmann::json fields{{"code_challenge_methods_supported", {"S256"}}};
  auto doc = nlohmann::json::parse(build_metadata(kIssuer, {}, fields));
  EXPECT_EQ(doc["code_challenge_methods_supported"], nlohmann::json({"S256"}));
}

TEST(Discovery, D1_D2_DocumentIsServedAtOidcAndRfc8414LocationsOnBothTlsListeners) {
  http::Router router;
  add_metadata_routes(router, kIssuer, R"({"issuer":"https://as.example/auth"})");
  for (auto path : {"/auth/.well-known/openid-configuration", "/.well-known/oauth-authorization-server/auth",
                    "/auth/.well-known/oauth-authorization-server"}) {
    for (auto listener : {http::Listener::tls, http::Listener::mtls}) {
      auto m = router.match(http::Method::get, path, listener);
      ASSERT_NE(m.route, nullptr) << path;
      auto response = m.route->handler(http::Request{});
      EXPECT_EQ(response.status, 200);
      EXPECT_EQ(response.body, R"({"issuer":"https://as.example/auth"})");
    }
    EXPECT_EQ(router.match(http::Method::get, path, http::Listener::ops).status, 404) << path;
    EXPECT_EQ(router.match(http::Method::post, path, http::Listener::tls).status, 405) << path;
  }
}

TEST(Discovery, JwksIsServedWithTheJwkSetMediaType) {
  http::Router router;
  add_jwks_route(router, kIssuer, R"({"keys":[]})");
  auto m = router.match(http::Method::get, "/auth/jwks", http::Listener::tls);
  ASSERT_NE(m.route, nullptr);
  auto response = m.route->handler(http::Request{});
  EXPECT_EQ(response.body, R"({"keys":[]})");
  http::Request as_request;  // Request::header() does the case-insensitive lookup
  as_request.headers = response.headers;
  EXPECT_EQ(as_request.header("content-type"), "application/jwk-set+json");
}

}  // namespace
}  // namespace fapid::oidc
