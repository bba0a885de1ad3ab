// The `storage` section: embedded by default in the example, postgres + redis for production.
#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using namespace std::chrono_literals;
using StorageConfig = ExampleConfig;

constexpr const char* kEmbedded = "storage:\n  kind: embedded\n  path: var/fapid.db          # created with its directory (mode 0700) when missing\n";

TEST_F(StorageConfig, TheExampleUsesTheEmbeddedStore) {
  const auto r = load();
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->storage.kind, StorageKind::embedded);
  EXPECT_EQ(r.config->storage.embedded.path, "var/fapid.db");
  EXPECT_EQ(r.config->storage.embedded.busy_timeout, 5s);
  EXPECT_EQ(r.config->storage.health_interval, 1s);
}

TEST_F(StorageConfig, StorageIsRequiredWithAKnownKind) {
  EXPECT_CONFIG_ERROR(load_with(kEmbedded, ""), "storage: is required (kind: embedded with a path, or kind: postgres)");
  EXPECT_CONFIG_ERROR(load_with("kind: embedded", "kind: mysql"), "storage.kind: expected embedded or postgres");
  EXPECT_CONFIG_ERROR(load_with("  path: var/fapid.db", "  busyTimeout: 2s"), "storage.path: is required");
}

TEST_F(StorageConfig, PostgresTakesItsUrlAndRedisAndTunables) {
  dir_.file("certs/dev/secrets/postgres/password", "pg-pass-do-not-print\n");
  const auto r = load_with(kEmbedded,
                           "storage:\n  kind: postgres\n  url: postgresql://fapid@db:5432/fapid\n"
                           "  passwordSecretName: postgres\n  passwordSecretKey: password\n  schema: fapid_prod\n"
                           "  poolSize: 16\n  statementTimeout: 3s\n"
                           "  redis: {url: 'redis://cache:6380/2', keyPrefix: 'bank1:', commandTimeout: 500ms}\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  const auto& st = r.config->storage;
  EXPECT_EQ(st.kind, StorageKind::postgres);
  EXPECT_EQ(st.postgres.url, "postgresql://fapid@db:5432/fapid");
  ASSERT_TRUE(st.postgres.password.has_value());
  EXPECT_TRUE(st.postgres.password->equals("pg-pass-do-not-print"));
  EXPECT_EQ(st.postgres.schema, "fapid_prod");
  EXPECT_EQ(st.postgres.pool_size, 16u);
  EXPECT_EQ(st.postgres.statement_timeout, 3s);
  EXPECT_EQ(st.redis.url, "redis://cache:6380/2");
  EXPECT_EQ(st.redis.key_prefix, "bank1:");
  EXPECT_EQ(st.redis.command_timeout, 500ms);
  EXPECT_FALSE(st.redis.password.has_value());
}

TEST_F(StorageConfig, UrlsComeFromTheEnvironmentWhenSet) {
  env_.set("FAPID_POSTGRES_URL", "postgresql://app@pg.internal/fapid");
  env_.set("FAPID_REDIS_URL", "redis://redis.internal:6379/0");
  const auto r = load_with(kEmbedded, "storage:\n  kind: postgres\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->storage.postgres.url, "postgresql://app@pg.internal/fapid");
  EXPECT_EQ(r.config->storage.redis.url, "redis://redis.internal:6379/0");
}

TEST_F(StorageConfig, PostgresNeedsBothUrls) {
  const auto r = load_with(kEmbedded, "storage:\n  kind: postgres\n");
  EXPECT_CONFIG_ERROR(r, "storage.url: is required (or set FAPID_POSTGRES_URL)");
  EXPECT_CONFIG_ERROR(r, "storage.redis.url: is required (or set FAPID_REDIS_URL)");
}

TEST_F(StorageConfig, APasswordInAUrlIsRefusedWithoutEchoingIt) {
  const auto r = load_with(kEmbedded,
                           "storage:\n  kind: postgres\n  url: postgresql://fapid:hunter2@db/fapid\n"
                           "  redis: {url: 'redis://:hunter3@cache:6379/0'}\n");
  EXPECT_CONFIG_ERROR(r, "storage.url: URL must not contain a password (use passwordSecretName/passwordSecretKey)");
  EXPECT_CONFIG_ERROR(r, "storage.redis.url: URL must not contain a password (use passwordSecretName/passwordSecretKey)");
  EXPECT_EQ(joined(r).find("hunter"), std::string::npos);
}

TEST_F(StorageConfig, WrongSchemesAndSchemaNamesAreNamed) {
  const auto r = load_with(kEmbedded,
                           "storage:\n  kind: postgres\n  url: mysql://db/fapid\n  schema: \"public; drop\"\n"
                           "  redis: {url: 'http://cache'}\n");
  EXPECT_CONFIG_ERROR(r, "storage.url: expected a URL starting with postgresql:// or postgres://");
  EXPECT_CONFIG_ERROR(r, "storage.schema: expected a lowercase SQL identifier ([a-z_][a-z0-9_]*, at most 63)");
  EXPECT_CONFIG_ERROR(r, "storage.redis.url: expected a URL starting with redis://");
}

TEST_F(StorageConfig, KeysOfTheOtherKindAreErrors) {
  EXPECT_CONFIG_ERROR(load_with("kind: embedded", "kind: embedded\n  url: postgresql://db/x"),
                      "storage.url: applies only to kind: postgres");
  const auto r = load_with(kEmbedded, "storage:\n  kind: postgres\n  path: x.db\n  url: postgresql://db/x\n"
                                      "  redis: {url: 'redis://cache'}\n");
  EXPECT_CONFIG_ERROR(r, "storage.path: applies only to kind: embedded");
}

TEST_F(StorageConfig, AMissingPasswordSecretIsNamed) {
  const auto r = load_with(kEmbedded, "storage:\n  kind: postgres\n  url: postgresql://db/x\n  passwordSecretName: pg\n"
                                      "  passwordSecretKey: password\n  redis: {url: 'redis://cache', passwordSecretName: r}\n");
  ASSERT_EQ(r.config, nullptr);
  EXPECT_THAT(joined(r), ::testing::HasSubstr("storage.passwordSecretName: "));
  EXPECT_CONFIG_ERROR(r, "storage.redis.passwordSecretKey: is required with the other password key");
}

}  // namespace
}  // namespace fapid::config::test
