// Both trees' metadata documents, built from a configuration and a key store: SPEC section 1.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fapi/fapi_tree.hpp"
#include "jose/key_store.hpp"
#include "oauth/client_registry.hpp"
#include "storage/random.hpp"
#include "nonfapi/nonfapi_tree.hpp"
#include "unit/jose/test_support.hpp"

namespace fapid {
namespace {

using nlohmann::json;

config::Client client(std::string id, config::Profile profile, config::AuthMethod method,
                      std::vector<std::string> response_types, std::vector<std::string> scopes) {
  config::Client c;
  c.client_id = std::move(id);
  c.profile = profile;
  c.auth_method = method;
  c.response_types = std::move(response_types);
  c.grant_types = {"authorization_code", "refresh_token"};
  c.allowed_scopes = std::move(scopes);
  return c;
}

struct Fixture {
  std::shared_ptr<const jose::KeyStore> keys;
  config::ConfigPtr config;

  explicit Fixture(bool with_es256_key = true) {
    const auto& k = jose::test::keys();
    std::vector<config::KeyFile> files{{"ps", config::KeyUse::sig, "PS256", k.file("ps256.pem"), true}};
    if (with_es256_key) files.push_back({"es", config::KeyUse::sig, "ES256", k.file("es256.pem"), true});
    auto load = jose::KeyStore::load(files);
    if (!load.keys) throw std::runtime_error(load.errors.front());
    keys = load.keys;

    auto cfg = std::make_shared<config::Config>();
    cfg->server.public_url = "https://as.example";
    cfg->server.mtls_url = "https://mtls.as.example";
    cfg->clients = {
        client("tpp-one", config::Profile::fapi1_advanced, config::AuthMethod::private_key_jwt, {"code id_token"},
               {"openid", "consents"}),
        client("tpp-two", config::Profile::fapi2, config::AuthMethod::tls_client_auth, {"code"}, {"openid", "accounts"}),
        client("portal", config::Profile::none, config::AuthMethod::client_secret_post, {"code"},
               {"openid", "oob_outages:read"}),
    };
    config = cfg;
  }
};

TEST(FapiMetadata, D3_IssuerIsTheFapiTreeUrl) {
  Fixture f;
  auto doc = json::parse(fapi::metadata_document({f.config, f.keys}));
  EXPECT_EQ(doc["issuer"], "https://as.example/auth");
  EXPECT_EQ(doc["jwks_uri"], "https://as.example/auth/jwks");
}

TEST(FapiMetadata, D4_ListsOnlyTheFapiClientsAuthMethods) {
  Fixture f;
  auto doc = json::parse(fapi::metadata_document({f.config, f.keys}));
  EXPECT_EQ(doc["token_endpoint_auth_methods_supported"], json({"private_key_jwt", "tls_client_auth"}));
}

TEST(FapiMetadata, D5_AlgorithmsAreTheProfilesAllowList) {
  Fixture f;
  auto doc = json::parse(fapi::metadata_document({f.config, f.keys}));
  EXPECT_EQ(doc["request_object_signing_alg_values_supported"], json({"ES256", "PS256"}));
  EXPECT_EQ(doc["token_endpoint_auth_signing_alg_values_supported"], json({"ES256", "PS256"}));
  // The server signs ID tokens, JARM responses and signed introspection with PS256 for both profiles, so
  // ES256 is accepted from clients but never offered as something the server issues.
  EXPECT_EQ(doc["id_token_signing_alg_values_supported"], json({"PS256"}));
  EXPECT_EQ(doc["authorization_signing_alg_values_supported"], json({"PS256"}));
  EXPECT_EQ(doc["introspection_signing_alg_values_supported"], json({"PS256"}));
}

TEST(FapiMetadata, D5_Fapi1AdvancedAloneAllowsOnlyPs256) {
  Fixture f;
  auto cfg = std::make_shared<config::Config>(*f.config);
  cfg->clients.erase(cfg->clients.begin() + 1);  // drop the fapi2 client
  auto doc = json::parse(fapi::metadata_document({cfg, f.keys}));
  EXPECT_EQ(doc["request_object_signing_alg_values_supported"], json({"PS256"}));
  EXPECT_EQ(doc["id_token_signing_alg_values_supported"], json({"PS256"}));
}

TEST(FapiMetadata, D5_IdTokenAlgorithmsNeedAnActiveKey) {
  Fixture f(/*with_es256_key=*/false);
  auto doc = json::parse(fapi::metadata_document({f.config, f.keys}));
  EXPECT_EQ(doc["id_token_signing_alg_values_supported"], json({"PS256"}));
}

TEST(FapiMetadata, D9_D10_D11_D15_ProfilePolicy) {
  Fixture f;
  auto doc = json::parse(fapi::metadata_document({f.config, f.keys}));
  EXPECT_EQ(doc["code_challenge_methods_supported"], json({"S256"}));
  EXPECT_EQ(doc["authorization_response_iss_parameter_supported"], true);
  EXPECT_EQ(doc["require_pushed_authorization_requests"], true);
  EXPECT_EQ(doc["tls_client_certificate_bound_access_tokens"], true);
  EXPECT_EQ(doc["response_types_supported"], json({"code", "code id_token"}));
  EXPECT_EQ(doc["subject_types_supported"], json({"public"}));
  EXPECT_EQ(doc["scopes_supported"], json({"accounts", "consents", "openid"}));
}

fapi::FapiDeps static_deps(const Fixture& f) {
  // Only routing is exercised: the stores stay unset.
  return {f.config, f.keys, oauth::ClientRegistry::build(f.config).registry, nullptr, nullptr, nullptr, nullptr, nullptr,
          std::make_shared<SystemClock>(), std::make_shared<storage::SystemRandom>(), nullptr, nullptr, nullptr};
}

// D7, D14, D20: every endpoint the document names is served where it says: mTLS endpoints (the
// aliases) only on the mTLS listener, the authorization endpoint only on the browser-facing one.
TEST(FapiMetadata, D7_EveryAdvertisedEndpointIsServedOnItsListener) {
  Fixture f;
  http::Router router;
  fapi::add_routes(router, static_deps(f));
  auto doc = json::parse(fapi::metadata_document({f.config, f.keys}));
  EXPECT_FALSE(doc.contains("registration_endpoint"));
  const auto& aliases = doc["mtls_endpoint_aliases"];
  for (auto key : {"pushed_authorization_request_endpoint", "token_endpoint", "userinfo_endpoint",
                   "introspection_endpoint", "revocation_endpoint"}) {
    ASSERT_TRUE(aliases.contains(key)) << key;
    const std::string url = aliases[key];
    ASSERT_EQ(url.rfind("https://mtls.as.example/auth/", 0), 0u) << url;
    const auto path = url.substr(std::string("https://mtls.as.example").size());
    EXPECT_NE(router.match(http::Method::post, path, http::Listener::mtls).route, nullptr) << path;
    EXPECT_EQ(router.match(http::Method::post, path, http::Listener::tls).route, nullptr) << path;
  }
  EXPECT_EQ(doc["authorization_endpoint"], "https://as.example/auth/authorize");
  EXPECT_NE(router.match(http::Method::get, "/auth/authorize", http::Listener::tls).route, nullptr);
  EXPECT_FALSE(aliases.contains("authorization_endpoint"));
}

// The test-only route lives in a library of its own that only test builds link (README, Testing).
TEST(FapiRoutes, TheTreeNeverRegistersTheTestInteractionRoute) {
  Fixture f;
  http::Router router;
  fapi::add_routes(router, static_deps(f));
  EXPECT_EQ(router.match(http::Method::post, "/auth/test/interaction", http::Listener::tls).route, nullptr);
}

nonfapi::NonFapiDeps nonfapi_deps(const Fixture& f) {
  nonfapi::NonFapiDeps d;
  d.config = f.config;
  d.keys = f.keys;
  d.clients = oauth::ClientRegistry::build(f.config).registry;
  d.clock = std::make_shared<SystemClock>();
  d.random = std::make_shared<storage::SystemRandom>();
  return d;  // only routing is exercised: the stores stay unset
}

TEST(NonFapiMetadata, DescribesOnlyTheBackOfficeClients) {
  Fixture f;
  auto doc = json::parse(nonfapi::metadata_document({f.config, f.keys}));
  EXPECT_EQ(doc["issuer"], "https://as.example/auth-nonfapi");
  EXPECT_EQ(doc["jwks_uri"], "https://as.example/auth-nonfapi/jwks");
  EXPECT_EQ(doc["token_endpoint_auth_methods_supported"], json({"client_secret_post"}));
  EXPECT_EQ(doc["scopes_supported"], json({"oob_outages:read", "openid"}));
  EXPECT_EQ(doc["response_types_supported"], json({"code"}));
  EXPECT_FALSE(doc.contains("mtls_endpoint_aliases"));
  EXPECT_FALSE(doc.contains("tls_client_certificate_bound_access_tokens"));
  EXPECT_EQ(doc["end_session_endpoint"], "https://as.example/auth-nonfapi/session/end");
  EXPECT_EQ(doc["code_challenge_methods_supported"], json({"S256"}));
}

// Every endpoint the non-FAPI document names is served on the browser-facing listener, never on mTLS.
TEST(NonFapiMetadata, EveryAdvertisedEndpointIsServedOnTheTlsListener) {
  Fixture f;
  http::Router router;
  nonfapi::add_routes(router, nonfapi_deps(f));
  auto doc = json::parse(nonfapi::metadata_document({f.config, f.keys}));
  for (const char* name : {"authorization_endpoint", "token_endpoint", "userinfo_endpoint", "introspection_endpoint",
                           "revocation_endpoint", "end_session_endpoint", "jwks_uri"}) {
    const std::string url = doc[name];
    const auto path = url.substr(std::string("https://as.example").size());
    const auto method = std::string(name) == "token_endpoint" || std::string(name).starts_with("introspection") ||
                                std::string(name).starts_with("revocation")
                            ? http::Method::post
                            : http::Method::get;
    EXPECT_NE(router.match(method, path, http::Listener::tls).route, nullptr) << name;
    if (std::string(name) != "jwks_uri") {  // keys are public on both listeners
      EXPECT_EQ(router.match(method, path, http::Listener::mtls).route, nullptr) << name;
    }
  }
}

TEST(Trees, BothTreesPublishTheSameKeySetUnderTheirOwnPaths) {
  Fixture f;
  http::Router router;
  fapi::add_routes(router, static_deps(f));
  nonfapi::add_routes(router, nonfapi_deps(f));
  for (auto path : {"/auth/jwks", "/auth-nonfapi/jwks"}) {
    auto m = router.match(http::Method::get, path, http::Listener::tls);
    ASSERT_NE(m.route, nullptr) << path;
    EXPECT_EQ(m.route->handler(http::Request{}).body, f.keys->public_jwks_json());
  }
}

}  // namespace
}  // namespace fapid
