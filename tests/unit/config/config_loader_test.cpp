#include "config/config_loader.hpp"

#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

using ConfigLoader = ExampleConfig;

TEST_F(ConfigLoader, ExampleConfigurationLoads) {
  const auto r = load();
  ASSERT_TRUE(r.errors.empty()) << joined(r);
  ASSERT_NE(r.config, nullptr);
  const Config& c = *r.config;
  EXPECT_EQ(c.server.public_url, "https://localhost:8443");
  EXPECT_EQ(c.server.mtls_url, "https://localhost:8444");
  EXPECT_EQ(c.fapi_issuer(), "https://localhost:8443/auth");
  EXPECT_EQ(c.nonfapi_issuer(), "https://localhost:8443/auth-nonfapi");
  EXPECT_EQ(c.server.tls.address, "127.0.0.1");
  EXPECT_EQ(c.server.tls.port, 8443);
  EXPECT_EQ(c.server.mtls.port, 8444);
  EXPECT_EQ(c.server.ops.port, 9090);
  EXPECT_EQ(c.server.tls_files.certificate_file, dev("server.crt"));
  EXPECT_EQ(c.server.tls_files.client_ca_file, dev("ca.crt"));
  EXPECT_EQ(c.server.limits.keep_alive_timeout, 30s);
  EXPECT_EQ(c.server.limits.max_body_bytes, 65536u);
  EXPECT_EQ(c.server.threads.workers, 4u);
  EXPECT_EQ(c.server.shutdown_grace, 20s);
  ASSERT_EQ(c.keys.size(), 3u);
  EXPECT_EQ(c.keys[0].kid, "dev-ps256-1");
  EXPECT_EQ(c.keys[2].use, KeyUse::enc);
  EXPECT_EQ(c.keys[2].alg, "RSA-OAEP");
  EXPECT_TRUE(c.keys[1].active);
  ASSERT_EQ(c.clients.size(), 3u);
  const auto& portal = c.clients[0];
  EXPECT_EQ(portal.client_id, "backoffice-portal");
  EXPECT_EQ(portal.profile, Profile::none);
  EXPECT_EQ(portal.auth_method, AuthMethod::client_secret_post);
  ASSERT_TRUE(portal.client_secret.has_value());
  EXPECT_TRUE(portal.client_secret->equals(kPortalSecret));  // one trailing newline stripped
  EXPECT_THAT(portal.redirect_uris, ElementsAre("https://localhost:3000/home"));
  EXPECT_THAT(portal.post_logout_redirect_uris, ElementsAre("https://localhost:3000/"));
  const auto& one = c.clients[1];
  EXPECT_EQ(one.profile, Profile::fapi1_advanced);
  EXPECT_EQ(one.auth_method, AuthMethod::private_key_jwt);
  EXPECT_FALSE(one.client_secret.has_value());
  EXPECT_THAT(one.jwks_json, HasSubstr("\"kid\":\"tpp-one-sig\""));
  EXPECT_THAT(one.response_types, ElementsAre("code id_token"));
  EXPECT_THAT(one.grant_types, ElementsAre("authorization_code", "refresh_token", "client_credentials"));
  const auto& two = c.clients[2];
  EXPECT_EQ(two.profile, Profile::fapi2);
  EXPECT_EQ(two.auth_method, AuthMethod::tls_client_auth);
  EXPECT_EQ(two.tls_client_auth_subject_dn, "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR");
  EXPECT_FALSE(c.federation.enabled());
  EXPECT_EQ(c.logging.level, LogLevel::info);
}

TEST_F(ConfigLoader, SeedClientTemplateScopesSpanningLinesParseIntoEightScopes) {
  const auto r = load();
  ASSERT_NE(r.config, nullptr) << joined(r);
  const auto& portal = r.config->clients[0];
  EXPECT_THAT(portal.allowed_scopes,
              ElementsAre("openid", "profile", "oob_consents:read", "oob_consents:write", "oob_opendata:read",
                          "oob_opendata:write", "oob_outages:read", "oob_outages:write"));
  EXPECT_THAT(portal.grant_types, ElementsAre("authorization_code", "refresh_token"));
  EXPECT_THAT(portal.response_types, ElementsAre("code"));
}

TEST_F(ConfigLoader, AcceptsYamlListsForListKeys) {
  const auto r = load_with("allowedScopes: \"openid,consents,accounts,resources\"\n\n  # A FAPI 2.0",
                           "allowedScopes: [openid, \" consents \", accounts]\n\n  # A FAPI 2.0");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_THAT(r.config->clients[1].allowed_scopes, ElementsAre("openid", "consents", "accounts"));
  EXPECT_THAT(r.config->clients[1].redirect_uris, ElementsAre("https://localhost:3001/callback"));
}

TEST_F(ConfigLoader, DropsEmptyItemsOfACommaList) {
  const auto r = load_with(R"(grantTypes: "authorization_code,refresh_token")", R"(grantTypes: " authorization_code, ,refresh_token,")");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_THAT(r.config->clients[0].grant_types, ElementsAre("authorization_code", "refresh_token"));
}

TEST_F(ConfigLoader, RejectsUnknownKeyWithItsPath) {
  EXPECT_CONFIG_ERROR(load_with("  listeners:", "  listners:"), "server.listners: unknown key");
  EXPECT_CONFIG_ERROR(load_with(R"(    postLogoutRedirectUris:)", R"(    postLogoutRedirectUri:)"),
                      "clients[0].postLogoutRedirectUri: unknown key");
  EXPECT_CONFIG_ERROR(load(example_ + "extra: 1\n"), "extra: unknown key");
}

TEST_F(ConfigLoader, RejectsDuplicateKeyInsteadOfKeepingOne) {
  EXPECT_CONFIG_ERROR(load_with("    profile: fapi2\n", "    profile: fapi2\n    profile: fapi1-advanced\n"),
                      "clients[2].profile: duplicate key");
}

TEST_F(ConfigLoader, ReportsAMissingRequiredKey) {
  EXPECT_CONFIG_ERROR(load_with("  mtlsUrl: https://localhost:8444\n", ""), "server.mtlsUrl: is required (or set FAPID_MTLS_URL)");
  EXPECT_CONFIG_ERROR(load_with(R"(  - clientId: "tpp-two")", "  - clientIdentifier: x"), "clients[2].clientId: is required");
}

TEST_F(ConfigLoader, ReportsAWrongTypeWithItsPath) {
  EXPECT_CONFIG_ERROR(load_with("port: 8443}", "port: [8443]}"), "server.listeners.tls.port: expected a string");
  EXPECT_CONFIG_ERROR(load_with("port: 8443}", "port: 70000}"), "server.listeners.tls.port: expected an integer 0..65535");
  EXPECT_CONFIG_ERROR(load_with("port: 8443}", "port: -1}"), "server.listeners.tls.port: expected an integer 0..65535");
  EXPECT_CONFIG_ERROR(load_with("  tls:\n    certificate", "  tls: [a]\n  x:\n    certificate"), "server.tls: expected a map");
  EXPECT_CONFIG_ERROR(load_with("active: true}", "active: yes}"), "keys[0].active: expected true or false");
}

TEST_F(ConfigLoader, ReportsEveryErrorAtOnce) {
  std::string text = replace_once(example_, "publicUrl: https://localhost:8443", "publicUrl: http://localhost:8443");
  text = replace_once(text, "level: info", "level: loud");
  text = replace_once(text, R"(grantTypes: "authorization_code,refresh_token")", R"(grantTypes: "authorization_code,password")");
  const auto r = load(text);
  EXPECT_EQ(r.config, nullptr);
  EXPECT_THAT(r.errors, ElementsAre("server.publicUrl: not an https URL", "clients[0].grantTypes[1]: password is refused (RFC 9700 §2.4)",
                                    "logging.level: expected debug, info, warn or error"));
}

TEST_F(ConfigLoader, MalformedYamlGivesLineAndColumnNotACrash) {
  const auto r = load("server:\n  publicUrl: [unclosed\n");
  EXPECT_EQ(r.config, nullptr);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(r.errors[0], ::testing::StartsWith("yaml: line "));
  EXPECT_THAT(r.errors[0], HasSubstr(", column "));
}

TEST_F(ConfigLoader, DeeplyNestedYamlIsRefusedNotACrash) {
  const auto r = load("server: " + std::string(100000, '[') + "\n");
  EXPECT_EQ(r.config, nullptr);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_THAT(r.errors[0], ::testing::StartsWith("yaml: "));
}

// Found by fuzz/config_loader_fuzz.cpp: yaml-cpp 0.7 loops forever, allocating, on this input.
TEST_F(ConfigLoader, RefusesInputOnWhichTheYamlParserNeverTerminates) {
  EXPECT_CONFIG_ERROR(load(",a: b\n"), "yaml: malformed document (the parser does not terminate on it)");
}

TEST_F(ConfigLoader, RefusesAnEmptyDocumentAndSeveralDocuments) {
  EXPECT_CONFIG_ERROR(load(""), "config: the document is empty");
  EXPECT_CONFIG_ERROR(load("- a\n"), "config: expected a map at the top level");
  EXPECT_CONFIG_ERROR(load(example_ + "---\nlogging: {level: debug}\n"), "config: expected one YAML document, found 2");
}

TEST_F(ConfigLoader, RefusesTextLargerThanTheCap) {
  EXPECT_CONFIG_ERROR(load(std::string(kMaxConfigFileBytes + 1, '#')), "config: larger than 1048576 bytes");
}

TEST_F(ConfigLoader, LoadsFromAFileAndNamesAMissingFile) {
  const auto path = dir_.file("fapid.yaml", example_);
  EXPECT_CONFIG_OK(load_config_file(path, env_));
  const auto missing = (dir_.path() / "nope.yaml").string();
  EXPECT_CONFIG_ERROR(load_config_file(missing, env_), "config: file not found: " + missing);
}

TEST_F(ConfigLoader, ParsesDurationsWithUnitsAndRefusesOthers) {
  const auto r = load_with("headerTimeout: 10s", "headerTimeout: 500ms");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->server.limits.header_timeout, 500ms);
  const std::string msg = "server.limits.bodyTimeout: expected a positive duration such as 500ms, 10s or 2m (at most 24h)";
  EXPECT_CONFIG_ERROR(load_with("bodyTimeout: 10s", "bodyTimeout: 10"), msg);
  EXPECT_CONFIG_ERROR(load_with("bodyTimeout: 10s", "bodyTimeout: 0s"), msg);
  EXPECT_CONFIG_ERROR(load_with("bodyTimeout: 10s", "bodyTimeout: 25h"), msg);
  EXPECT_CONFIG_ERROR(load_with("maxBodyBytes: 65536", "maxBodyBytes: 0"), "server.limits.maxBodyBytes: expected an integer 1..4294967295");
}

TEST_F(ConfigLoader, RefusesZeroThreads) {
  EXPECT_CONFIG_ERROR(load_with("workers: 4", "workers: 0"), "server.threads.workers: expected an integer 1..1024");
  EXPECT_CONFIG_ERROR(load_with("queue: 1024", "queue: 0"), "server.threads.queue: expected an integer 1..4294967295");
}

TEST_F(ConfigLoader, ServerUrlsMustBeHttpsBasesWithoutQueryOrTrailingSlash) {
  EXPECT_CONFIG_ERROR(load_with("publicUrl: https://localhost:8443", "publicUrl: https://localhost:8443/"),
                      "server.publicUrl: URL must not end with '/'");
  EXPECT_CONFIG_ERROR(load_with("mtlsUrl: https://localhost:8444", "mtlsUrl: https://localhost:8444?a=b"),
                      "server.mtlsUrl: URL must not have a query");
  EXPECT_CONFIG_ERROR(load_with("mtlsUrl: https://localhost:8444", "mtlsUrl: localhost:8444"), "server.mtlsUrl: not an https URL");
}

TEST_F(ConfigLoader, MissingKeyAndTlsFilesAreNamed) {
  std::filesystem::remove(dev("keys/signing-es256.key"));
  std::filesystem::remove(dev("ca.crt"));
  const auto r = load();
  EXPECT_CONFIG_ERROR(r, "keys[1].file: file not found: " + dev("keys/signing-es256.key"));
  EXPECT_CONFIG_ERROR(r, "server.tls.clientCaFile: file not found: " + dev("ca.crt"));
}

TEST_F(ConfigLoader, LogLevelIsAnEnum) {
  EXPECT_CONFIG_ERROR(load_with("level: info", "level: verbose"), "logging.level: expected debug, info, warn or error");
  const auto r = load_with("level: info", "level: debug");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->logging.level, LogLevel::debug);
}

}  // namespace
}  // namespace fapid::config::test
