#include "config/secret_source.hpp"

#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using ::testing::HasSubstr;

TEST(SecretSource, EnvironmentNameIsUpperCasedWithUnderscores) {
  EXPECT_EQ(secret_env_name("portal-secret", "client-secret"), "FAPID_SECRET_PORTAL_SECRET_CLIENT_SECRET");
  EXPECT_EQ(secret_env_name("a.b", "c_d9"), "FAPID_SECRET_A_B_C_D9");
}

TEST(SecretSource, PathSegmentsCannotLeaveTheSecretsDirectory) {
  EXPECT_TRUE(is_secret_path_segment("portal-secret"));
  EXPECT_TRUE(is_secret_path_segment("client.secret_1"));
  for (const char* bad : {"", ".", "..", "../x", "a/b", "a b", "a\\b"}) EXPECT_FALSE(is_secret_path_segment(bad)) << bad;
}

TEST(SecretSource, ReadsTheMountedFileAndStripsOneNewline) {
  TempDir dir;
  dir.file("s/name/key", "value\n\n");
  const auto r = resolve_secret((dir.path() / "s").string(), "name", "key", FakeEnvironment{});
  ASSERT_TRUE(r.secret.has_value()) << r.error;
  EXPECT_TRUE(r.secret->equals("value\n"));
}

TEST(SecretSource, FileWinsOverEnvironment) {
  TempDir dir;
  dir.file("s/name/key", "from-file");
  const auto r = resolve_secret((dir.path() / "s").string(), "name", "key", FakeEnvironment{{"FAPID_SECRET_NAME_KEY", "from-env"}});
  ASSERT_TRUE(r.secret.has_value()) << r.error;
  EXPECT_TRUE(r.secret->equals("from-file"));
}

TEST(SecretSource, FallsBackToTheEnvironment) {
  TempDir dir;
  const auto r = resolve_secret(dir.path().string(), "name", "key", FakeEnvironment{{"FAPID_SECRET_NAME_KEY", "from-env"}});
  ASSERT_TRUE(r.secret.has_value()) << r.error;
  EXPECT_TRUE(r.secret->equals("from-env"));
}

TEST(SecretSource, MissingEverywhereNamesBothPlaces) {
  TempDir dir;
  const auto r = resolve_secret(dir.path().string(), "name", "key", FakeEnvironment{});
  EXPECT_FALSE(r.secret.has_value());
  EXPECT_EQ(r.error, "secret not found: neither file " + (dir.path() / "name/key").string() +
                         " nor environment variable FAPID_SECRET_NAME_KEY is set");
}

TEST(SecretSource, EmptyOrOversizedFileIsAnErrorNotAFallback) {
  TempDir dir;
  dir.file("empty/key", "\n");
  dir.file("big/key", std::string(kMaxSecretFileBytes + 1, 'x'));
  const FakeEnvironment env{{"FAPID_SECRET_EMPTY_KEY", "env"}, {"FAPID_SECRET_BIG_KEY", "env"}};
  EXPECT_THAT(resolve_secret(dir.path().string(), "empty", "key", env).error, HasSubstr("secret file is empty: "));
  EXPECT_THAT(resolve_secret(dir.path().string(), "big", "key", env).error, HasSubstr("file larger than 65536 bytes: "));
}

// Through the loader: secret resolution for the example's portal client.
using ClientSecrets = ExampleConfig;

TEST_F(ClientSecrets, ResolvedFromTheEnvironmentWhenNoFileExists) {
  std::filesystem::remove(dev("secrets/portal-secret/client-secret"));
  env_.set("FAPID_SECRET_PORTAL_SECRET_CLIENT_SECRET", "env-portal-secret");
  const auto r = load();
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_TRUE(r.config->clients[0].client_secret->equals("env-portal-secret"));
}

TEST_F(ClientSecrets, SecretsDirFromTheEnvironmentWins) {
  TempDir other;
  other.file("portal-secret/client-secret", "other-dir-secret");
  env_.set("FAPID_SECRETS_DIR", other.path().string());
  const auto r = load();
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_EQ(r.config->secrets_dir, other.path().string());
  EXPECT_TRUE(r.config->clients[0].client_secret->equals("other-dir-secret"));
}

TEST_F(ClientSecrets, MissingSecretIsReportedOnTheClient) {
  std::filesystem::remove(dev("secrets/portal-secret/client-secret"));
  EXPECT_CONFIG_ERROR(load(), "clients[0].clientSecretName: secret not found: neither file " + dev("secrets/portal-secret/client-secret") +
                                  " nor environment variable FAPID_SECRET_PORTAL_SECRET_CLIENT_SECRET is set");
}

TEST_F(ClientSecrets, TraversalInASecretNameIsRefused) {
  EXPECT_CONFIG_ERROR(load_with(R"(clientSecretName: "portal-secret")", R"(clientSecretName: "../portal-secret")"),
                      "clients[0].clientSecretName: expected letters, digits, '.', '_' or '-' (one path segment)");
}

TEST_F(ClientSecrets, NoErrorEverContainsASecretValue) {
  // Many things wrong at once, with every secret source populated.
  env_.set("FAPID_SECRET_PORTAL_SECRET_CLIENT_SECRET", "env-secret-value-xyz");
  env_.set("INTERNAL_USERS_FEDERATION_SECRET", "federation-secret-value-xyz");
  env_.set("INTERNAL_USERS_FEDERATION_CLIENT_ID", "bad id");
  std::string text = replace_once(example_, R"(tokenEndpointAuthMethod: "client_secret_post")", R"(tokenEndpointAuthMethod: "client_secret_jwt")");
  text = replace_once(text, "publicUrl: https://localhost:8443", "publicUrl: http://x");
  text += "federation: {secret: yaml-secret-value-xyz, portalBackofficeUrl: 'https://p.example/a'}\n";
  const auto r = load(text);
  ASSERT_TRUE(r.config == nullptr);
  ASSERT_GE(r.errors.size(), 3u) << joined(r);
  for (const auto& e : r.errors)
    for (const char* secret : {kPortalSecret, "env-secret-value-xyz", "federation-secret-value-xyz", "yaml-secret-value-xyz"})
      EXPECT_EQ(e.find(secret), std::string::npos) << e;
}

}  // namespace
}  // namespace fapid::config::test
