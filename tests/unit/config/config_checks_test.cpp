// Rules across keys: listener ports, the key set, and the federation's allowed clients.
#include "config/config_checks.hpp"

#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using ::testing::ElementsAre;

using ConfigChecks = ExampleConfig;

constexpr const char* kEsKey = "  - {kid: dev-es256-1, use: sig, alg: ES256,";

TEST_F(ConfigChecks, ListenerPortsMustDifferUnlessEphemeral) {
  EXPECT_CONFIG_ERROR(load_with("port: 9090}", "port: 8443}"), "server.listeners.ops.port: same port as server.listeners.tls.port");
  auto text = replace_once(example_, "port: 8443}", "port: 0}");
  text = replace_once(text, "port: 8444}", "port: 0}");
  EXPECT_CONFIG_OK(load(text));
}

TEST_F(ConfigChecks, KidsAreUnique) {
  EXPECT_CONFIG_ERROR(load_with(kEsKey, "  - {kid: dev-ps256-1, use: sig, alg: ES256,"),
                      "keys[1].kid: duplicate kid \"dev-ps256-1\" (also keys[0])");
}

TEST_F(ConfigChecks, AlgorithmMustMatchTheKeyUse) {
  EXPECT_CONFIG_ERROR(load_with(kEsKey, "  - {kid: dev-es256-1, use: enc, alg: ES256,"),
                      "keys[1].alg: ES256 is not an encryption algorithm (RSA-OAEP)");
  EXPECT_CONFIG_ERROR(load_with(kEsKey, "  - {kid: dev-es256-1, use: sig, alg: RS256,"),
                      "keys[1].alg: expected PS256, ES256 (sig) or RSA-OAEP (enc)");
  EXPECT_CONFIG_ERROR(load_with(kEsKey, "  - {kid: dev-es256-1, use: verify, alg: ES256,"), "keys[1].use: expected sig or enc");
}

TEST_F(ConfigChecks, AtMostOneActiveKeyPerUseAndAlg) {
  EXPECT_CONFIG_ERROR(load_with(kEsKey, "  - {kid: dev-ps256-2, use: sig, alg: PS256,"),
                      "keys[1].active: only one key per use and alg may be active (keys[0] is active for PS256)");
  // Publishing a second key for rotation is fine while it is inactive.
  const auto r = load(replace_once(example_, "  - {kid: dev-enc-1,",
                                   "  - {kid: next-ps256, use: sig, alg: PS256, file: " + dev("keys/signing-ps256.key") +
                                       ", active: false}\n  - {kid: dev-enc-1,"));
  EXPECT_CONFIG_OK(r);
}

TEST_F(ConfigChecks, AtLeastOneActiveSigningKey) {
  auto text = replace_once(example_, "signing-ps256.key, active: true}", "signing-ps256.key, active: false}");
  text = replace_once(text, "signing-es256.key, active: true}", "signing-es256.key}");
  EXPECT_CONFIG_ERROR(load(text), "keys: no active signing key (use: sig, active: true)");
  EXPECT_CONFIG_ERROR(load_with("keys:\n  - {kid: dev-ps256-1", "keys: []\nunused:\n  - {kid: dev-ps256-1"), "keys: expected a non-empty list");
}

TEST_F(ConfigChecks, NonFapiLifetimesHaveDefaultsAndRanges) {
  auto r = load();
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_EQ(r.config->nonfapi.code_lifetime, std::chrono::seconds(60));
  EXPECT_EQ(r.config->nonfapi.access_token_lifetime, std::chrono::seconds(300));
  EXPECT_EQ(r.config->nonfapi.refresh_token_lifetime, std::chrono::hours(8));
  EXPECT_EQ(r.config->nonfapi.login_lifetime, std::chrono::minutes(10));
  r = load(example_ + "nonfapi: {codeLifetime: 30s, refreshTokenLifetime: 12h}\n");
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_EQ(r.config->nonfapi.code_lifetime, std::chrono::seconds(30));
  EXPECT_EQ(r.config->nonfapi.refresh_token_lifetime, std::chrono::hours(12));
  r = load(example_ + "nonfapi: {codeLifetime: 2m, accessTokenLifetime: 10s, loginLifetime: 2h, unknown: 1}\n");
  EXPECT_TRUE(r.config == nullptr);
  r = load(example_ + "nonfapi: {codeLifetime: 2m, accessTokenLifetime: 10s, loginLifetime: 2h}\n");
  EXPECT_CONFIG_ERROR(r, "nonfapi.codeLifetime: must be between 1s and 60s");
  EXPECT_CONFIG_ERROR(r, "nonfapi.accessTokenLifetime: must be between 60s and 1h");
  EXPECT_CONFIG_ERROR(r, "nonfapi.loginLifetime: must be between 60s and 1h");
}

class Federation : public ExampleConfig {
 protected:
  void SetUp() override {
    env_.set("INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT", "https://idp.example/.well-known/openid-configuration");
    env_.set("INTERNAL_USERS_FEDERATION_CLIENT_ID", "internal_users_federation");
    env_.set("INTERNAL_USERS_FEDERATION_SECRET", "idp-secret-value-never-logged");
    env_.set("INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS", "backoffice-portal");
    env_.set("PORTAL_BACKOFFICE_URL", "https://portal.example");
  }
};

TEST_F(Federation, AllFiveDeploymentVariablesConfigureIt) {
  const auto r = load();
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  const auto& f = r.config->federation;
  EXPECT_TRUE(f.enabled());
  EXPECT_EQ(f.discovery_endpoint, "https://idp.example/.well-known/openid-configuration");
  EXPECT_EQ(f.client_id, "internal_users_federation");
  ASSERT_TRUE(f.client_secret.has_value());
  EXPECT_TRUE(f.client_secret->equals("idp-secret-value-never-logged"));
  EXPECT_THAT(f.allowed_client_ids, ElementsAre("backoffice-portal"));
  EXPECT_EQ(f.portal_backoffice_url, "https://portal.example");
}

TEST_F(Federation, EnvironmentWinsOverYamlForEveryDeploymentName) {
  const auto r = load(example_ + R"(federation:
  discoveryEndpoint: https://yaml-idp.example/.well-known/openid-configuration
  clientId: yaml-client
  secret: yaml-secret
  allowedClientIds: [tpp-none]
  portalBackofficeUrl: https://yaml-portal.example
)");
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  const auto& f = r.config->federation;
  EXPECT_EQ(f.discovery_endpoint, "https://idp.example/.well-known/openid-configuration");
  EXPECT_EQ(f.client_id, "internal_users_federation");
  EXPECT_TRUE(f.client_secret->equals("idp-secret-value-never-logged"));
  EXPECT_THAT(f.allowed_client_ids, ElementsAre("backoffice-portal"));
  EXPECT_EQ(f.portal_backoffice_url, "https://portal.example");
}

TEST_F(Federation, YamlAloneConfiguresItToo) {
  env_ = FakeEnvironment{};
  const auto r = load(example_ + R"(federation:
  discoveryEndpoint: https://yaml-idp.example/realms/staff/.well-known/openid-configuration
  clientId: yaml-client
  secret: yaml-secret
  allowedClientIds: "backoffice-portal"
  portalBackofficeUrl: https://yaml-portal.example/
)");
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_EQ(r.config->federation.client_id, "yaml-client");
  EXPECT_EQ(r.config->federation.portal_backoffice_url, "https://yaml-portal.example");  // trailing "/" dropped
}

TEST_F(Federation, AllowedClientsMustBeConfiguredNonFapiClients) {
  env_.set("INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS", "backoffice-portal, tpp-one,ghost");
  const auto r = load();
  const std::string from = " (from INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS)";
  EXPECT_CONFIG_ERROR(r, "federation.allowedClientIds[1]" + from + ": \"tpp-one\" is a FAPI client; federation is for non-FAPI clients only");
  EXPECT_CONFIG_ERROR(r, "federation.allowedClientIds[2]" + from + ": \"ghost\" is not a configured client");
}

TEST_F(Federation, DiscoveryNeedsClientIdAndSecret) {
  env_ = FakeEnvironment{{"INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT", "https://idp.example/.well-known/openid-configuration"}};
  const auto r = load();
  EXPECT_CONFIG_ERROR(r, "federation.clientId: is required with federation (or set INTERNAL_USERS_FEDERATION_CLIENT_ID)");
  EXPECT_CONFIG_ERROR(r, "federation.secret: is required with federation (or set INTERNAL_USERS_FEDERATION_SECRET)");
}

TEST_F(Federation, OtherKeysWithoutDiscoveryAreAMistake) {
  env_ = FakeEnvironment{{"INTERNAL_USERS_FEDERATION_CLIENT_ID", "x"}};
  EXPECT_CONFIG_ERROR(load(), "federation.discoveryEndpoint: is required when other federation keys are set "
                              "(or set INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT)");
}

TEST_F(Federation, InvalidEnvironmentValuesNameTheVariable) {
  env_.set("INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT", "http://idp.example/disc");
  env_.set("PORTAL_BACKOFFICE_URL", "https://portal.example/home");
  const auto r = load();
  EXPECT_CONFIG_ERROR(r, "federation.discoveryEndpoint (from INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT): not an https URL");
  EXPECT_CONFIG_ERROR(r, "federation.portalBackofficeUrl (from PORTAL_BACKOFFICE_URL): an origin must not have a path");
}

// OpenID Connect Discovery 1.0 §4, §4.3: the issuer the document must name is the URL without the suffix.
TEST_F(Federation, TheDiscoveryUrlEndsWithTheWellKnownSuffix) {
  env_.set("INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT", "https://idp.example/realms/staff/openid-configuration");
  EXPECT_CONFIG_ERROR(load(), "federation.discoveryEndpoint (from INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT): must end "
                              "with /.well-known/openid-configuration (OpenID Connect Discovery 1.0 §4)");
}

TEST_F(Federation, TrustAnchorsTimeoutAndRoleMappingAreOptionalAndChecked) {
  auto r = load();
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_EQ(r.config->federation.ca_file, "");
  EXPECT_EQ(r.config->federation.http_timeout, std::chrono::seconds(5));
  EXPECT_TRUE(r.config->federation.role_scopes.empty());

  r = load(example_ + "federation:\n  caFile: " + dev("ca.crt") + R"(
  httpTimeout: 2s
  roleClaim: groups
  roleScopes:
    outage-editors: "oob_outages:read, oob_outages:write"
    auditors: [oob_consents:read]
)");
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  const auto& f = r.config->federation;
  EXPECT_EQ(f.ca_file, dev("ca.crt"));
  EXPECT_EQ(f.http_timeout, std::chrono::seconds(2));
  EXPECT_EQ(f.role_claim, "groups");
  ASSERT_EQ(f.role_scopes.size(), 2u);
  EXPECT_EQ(f.role_scopes[0].first, "outage-editors");
  EXPECT_THAT(f.role_scopes[0].second, ElementsAre("oob_outages:read", "oob_outages:write"));

  r = load(example_ + R"(federation:
  caFile: /nonexistent/ca.pem
  httpTimeout: 60s
  roleScopes: {admins: [oob_outages:write]}
)");
  EXPECT_CONFIG_ERROR(r, "federation.httpTimeout: must be between 1s and 30s");
  EXPECT_CONFIG_ERROR(r, "federation.roleScopes: needs roleClaim (the claim whose values it maps)");
  ASSERT_TRUE(r.config == nullptr);
  bool named_ca = false;
  for (const auto& e : r.errors) named_ca |= e.starts_with("federation.caFile:");
  EXPECT_TRUE(named_ca) << joined(r);

  r = load(example_ + "federation:\n  roleClaim: groups\n  roleScopes: {admins: [\"not a scope\"]}\n");
  EXPECT_CONFIG_ERROR(r, "federation.roleScopes.admins[0]: not a scope token (RFC 6749 §3.3)");
  EXPECT_CONFIG_ERROR(load(example_ + "federation:\n  roleClaim: groups\n"), "federation.roleScopes: is required with roleClaim");
}

TEST_F(Federation, SecretNeverAppearsInErrors) {
  env_.set("INTERNAL_USERS_FEDERATION_CLIENT_ID", "bad id");
  const auto r = load(example_ + "federation: {secret: yaml-literal-secret, clientId: [x]}\n");
  ASSERT_TRUE(r.config == nullptr);
  for (const auto& e : r.errors) {
    EXPECT_EQ(e.find("yaml-literal-secret"), std::string::npos) << e;
  }
}

}  // namespace
}  // namespace fapid::config::test
