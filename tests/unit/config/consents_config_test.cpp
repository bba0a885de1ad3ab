// The `consents` section: the consent id namespace and the consent API's lifetimes. Every key optional.
#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using namespace std::chrono_literals;

class ConsentsConfig : public ExampleConfig {
 protected:
  LoadResult with_consents(const std::string& body) const { return load(example_ + "consents:\n" + body); }
};

TEST_F(ConsentsConfig, DefaultsApplyWhenTheSectionIsAbsent) {
  const auto r = load();
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->consents.urn_namespace, "fapid");
  EXPECT_EQ(r.config->consents.awaiting_authorisation_lifetime, 60min);
  EXPECT_EQ(r.config->consents.idempotency_key_lifetime, 24h);
}

TEST_F(ConsentsConfig, ReadsEveryKey) {
  const auto r = with_consents("  urnNamespace: banco-exemplo\n  awaitingAuthorisationLifetime: 30m\n  idempotencyKeyLifetime: 7d\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->consents.urn_namespace, "banco-exemplo");
  EXPECT_EQ(r.config->consents.awaiting_authorisation_lifetime, 30min);
  EXPECT_EQ(r.config->consents.idempotency_key_lifetime, std::chrono::days(7));
}

TEST_F(ConsentsConfig, UrnNamespaceIsAnRfc8141NamespaceIdentifier) {
  const std::string message =
      "consents.urnNamespace: expected 2 to 32 letters, digits or hyphens, starting and ending with a letter or "
      "digit (an RFC 8141 namespace identifier)";
  for (const auto& bad : std::vector<std::string>{"b", "-bank", "bank-", "bank_1", "bank:1", "banco ex", "''", std::string(33, 'a')}) {
    SCOPED_TRACE(bad);
    EXPECT_CONFIG_ERROR(with_consents("  urnNamespace: " + bad + "\n"), message);
  }
  for (const auto& good : std::vector<std::string>{"ab", "Bank1", "a-b-c", "0bank", std::string(32, 'a')}) {
    SCOPED_TRACE(good);
    EXPECT_CONFIG_OK(with_consents("  urnNamespace: " + good + "\n"));
  }
}

TEST_F(ConsentsConfig, LifetimesOutsideTheirRangesAreRefused) {
  const auto below = with_consents("  awaitingAuthorisationLifetime: 59s\n  idempotencyKeyLifetime: 59s\n");
  EXPECT_CONFIG_ERROR(below, "consents.awaitingAuthorisationLifetime: must be between 60s and 1d");
  EXPECT_CONFIG_ERROR(below, "consents.idempotencyKeyLifetime: must be between 60s and 7d");
  const auto above = with_consents("  awaitingAuthorisationLifetime: 2d\n  idempotencyKeyLifetime: 8d\n");
  EXPECT_CONFIG_ERROR(above, "consents.awaitingAuthorisationLifetime: must be between 60s and 1d");
  EXPECT_CONFIG_ERROR(above, "consents.idempotencyKeyLifetime: must be between 60s and 7d");
  EXPECT_EQ(above.errors.size(), 2u) << joined(above);
  EXPECT_CONFIG_OK(with_consents("  awaitingAuthorisationLifetime: 1m\n  idempotencyKeyLifetime: 60s\n"));
  EXPECT_CONFIG_OK(with_consents("  awaitingAuthorisationLifetime: 24h\n  idempotencyKeyLifetime: 7d\n"));
  EXPECT_CONFIG_ERROR(with_consents("  idempotencyKeyLifetime: 1500ms\n"),
                      "consents.idempotencyKeyLifetime: sub-second precision is not supported (whole seconds, e.g. 2s)");
}

TEST_F(ConsentsConfig, UnknownKeysAndANonMapAreRefused) {
  EXPECT_CONFIG_ERROR(with_consents("  urnNamepsace: fapid\n"), "consents.urnNamepsace: unknown key");
  EXPECT_CONFIG_ERROR(load(example_ + "consents: fapid\n"), "consents: expected a map");
}

}  // namespace
}  // namespace fapid::config::test
