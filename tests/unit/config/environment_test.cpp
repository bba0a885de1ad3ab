// Operational overrides (FAPID_*) and the real process environment.
#include "config/environment.hpp"

#include <cstdlib>

#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using EnvironmentOverrides = ExampleConfig;

TEST(ProcessEnvironment, ReadsTheProcessEnvironment) {
  ::setenv("FAPID_TEST_ONLY_VARIABLE", "v", 1);
  EXPECT_EQ(ProcessEnvironment{}.get("FAPID_TEST_ONLY_VARIABLE"), std::optional<std::string>("v"));
  ::unsetenv("FAPID_TEST_ONLY_VARIABLE");
  EXPECT_EQ(ProcessEnvironment{}.get("FAPID_TEST_ONLY_VARIABLE"), std::nullopt);
}

TEST_F(EnvironmentOverrides, OperationalVariablesWinOverYaml) {
  env_.set("FAPID_PUBLIC_URL", "https://as.bank.example");
  env_.set("FAPID_MTLS_URL", "https://mtls.as.bank.example");
  env_.set("FAPID_LOG_LEVEL", "warn");
  const auto r = load();
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_EQ(r.config->server.public_url, "https://as.bank.example");
  EXPECT_EQ(r.config->fapi_issuer(), "https://as.bank.example/auth");
  EXPECT_EQ(r.config->server.mtls_url, "https://mtls.as.bank.example");
  EXPECT_EQ(r.config->logging.level, LogLevel::warn);
}

TEST_F(EnvironmentOverrides, AnEmptyVariableCountsAsUnset) {
  env_.set("FAPID_PUBLIC_URL", "");
  const auto r = load();
  ASSERT_TRUE(r.config != nullptr) << joined(r);
  EXPECT_EQ(r.config->server.public_url, "https://localhost:8443");
}

TEST_F(EnvironmentOverrides, RequiredKeyMayComeFromTheEnvironmentOnly) {
  env_.set("FAPID_PUBLIC_URL", "https://as.bank.example");
  EXPECT_CONFIG_OK(load_with("  publicUrl: https://localhost:8443\n", ""));
}

TEST_F(EnvironmentOverrides, InvalidValuesNameTheVariable) {
  env_.set("FAPID_PUBLIC_URL", "https://as.bank.example/");
  env_.set("FAPID_LOG_LEVEL", "chatty");
  env_.set("FAPID_SECRETS_DIR", (dir_.path() / "nowhere").string());
  const auto r = load();
  EXPECT_CONFIG_ERROR(r, "server.publicUrl (from FAPID_PUBLIC_URL): URL must not end with '/'");
  EXPECT_CONFIG_ERROR(r, "logging.level (from FAPID_LOG_LEVEL): expected debug, info, warn or error");
  EXPECT_CONFIG_ERROR(r, "secretsDir (from FAPID_SECRETS_DIR): not a directory: " + (dir_.path() / "nowhere").string());
}

}  // namespace
}  // namespace fapid::config::test
