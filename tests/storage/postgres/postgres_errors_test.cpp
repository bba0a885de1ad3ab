// Errors from a real server: an outage is 503 temporarily_unavailable, a bug is 500 server_error, and
// no detail carries the password or a stored value (DESIGN.md, Storage invariants; ATTACKS.md R06).
#include <gtest/gtest.h>

#include <pqxx/transaction>
#include <thread>

#include "postgres_test_support.hpp"
#include "storage/postgres/migrate.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;

TimePoint now_ms() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

GrantRecord a_grant(const std::string& id) {
  return GrantRecord{id, "tpp-one", "user-1", "openid", "", "", "{}", now_ms(), now_ms() + 1h, std::nullopt};
}

// Port 1 on loopback refuses at once: an unreachable server without waiting for a timeout.
PostgresOptions unreachable_with_password(const std::string& url_user_part, const std::string& password) {
  PostgresOptions options;
  options.url = "postgresql://" + url_user_part + "@127.0.0.1:1/fapid_test";
  options.password = password;
  options.schema = "t_never_created";
  options.connect_timeout = 2s;
  return options;
}

void expect_unavailable_without(const OAuthError& error, const std::string& secret) {
  EXPECT_EQ(error.code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(error.status, 503);
  EXPECT_EQ(error.detail.find(secret), std::string::npos) << error.detail;
  EXPECT_EQ(error.description.find(secret), std::string::npos) << error.description;
}

TEST(PostgresErrors, ThePasswordIsAbsentFromEveryErrorDetail) {
  const std::string separate = "separate-password-7f3c91";
  const std::string in_url = "url-password-51ad0e";
  for (const auto& options : {unreachable_with_password("fapid", separate),
                              unreachable_with_password("fapid:" + in_url, separate)}) {
    auto migrated = migrate_postgres(options);
    ASSERT_FALSE(migrated.has_value());
    expect_unavailable_without(migrated.error(), separate);
    expect_unavailable_without(migrated.error(), in_url);
    EXPECT_NE(migrated.error().detail.find("connect"), std::string::npos) << migrated.error().detail;

    auto stores = open_postgres(options);
    ASSERT_TRUE(stores.has_value());
    for (int i = 0; i < 3; ++i) {  // the first fails connecting, the next on the back-off
      auto ping = stores->grants->ping();
      ASSERT_FALSE(ping.has_value());
      expect_unavailable_without(ping.error(), separate);
      expect_unavailable_without(ping.error(), in_url);
    }
  }
}

TEST(PostgresErrors, RevokingOrCheckingASelfContainedTokenWithTheServerDownIsAnOutage) {
  auto stores = open_postgres(unreachable_with_password("fapid", "unused"));
  ASSERT_TRUE(stores.has_value());
  auto revoked = stores->grants->revoke_self_contained_token("jti-down", "tpp-one", now_ms() + 5min, now_ms());
  ASSERT_FALSE(revoked.has_value());
  expect_unavailable_without(revoked.error(), "jti-down");
  // Never "not revoked": a revoked token must not pass for live while the store cannot answer.
  auto checked = stores->grants->self_contained_token_revoked("jti-down", now_ms());
  ASSERT_FALSE(checked.has_value());
  expect_unavailable_without(checked.error(), "jti-down");
}

TEST(PostgresErrors, AValidPasswordWithQuotesAndBackslashesReachesTheServer) {
  auto options = options_for(fresh_schema());
  options.password = R"(it's \ "quoted")";  // the test server trusts loopback, but libpq must parse it
  auto migrated = migrate_postgres(options);
  ASSERT_TRUE(migrated.has_value()) << migrated.error().detail;
}

TEST(PostgresErrors, AConstraintViolationIsAFaultNamingTheSqlstateNotTheValue) {
  auto stores = open_migrated(fresh_schema());
  ASSERT_TRUE(stores.grants);
  const auto g = a_grant("grant-dup");
  ASSERT_TRUE(stores.grants->create_grant(g, std::nullopt, std::nullopt).has_value());
  auto again = stores.grants->create_grant(g, std::nullopt, std::nullopt);  // duplicate primary key
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::server_error);
  EXPECT_EQ(again.error().status, 500);
  EXPECT_NE(again.error().detail.find("create_grant"), std::string::npos) << again.error().detail;
  EXPECT_NE(again.error().detail.find("23505"), std::string::npos) << again.error().detail;
  EXPECT_EQ(again.error().detail.find("grant-dup"), std::string::npos) << again.error().detail;
  EXPECT_TRUE(stores.grants->ping().has_value()) << "the connection stays usable";
}

TEST(PostgresErrors, AStatementTimeoutIsAnOutageNotAVerdict) {
  const auto schema = fresh_schema();
  auto options = options_for(schema);
  ASSERT_TRUE(migrate_postgres(options).has_value());
  options.statement_timeout = 300ms;
  auto stores = open_postgres(options);
  ASSERT_TRUE(stores.has_value());
  const auto g = a_grant("grant-locked");
  const RefreshTokenRecord rt{"rt-locked", g.id, {}, g.created_at, g.expires_at, std::nullopt};
  ASSERT_TRUE(stores->grants->create_grant(g, rt, std::nullopt).has_value());

  // Another session holds the token's row lock past the statement timeout.
  auto db = admin_connection();
  pqxx::work holder(*db);
  holder.exec("SELECT 1 FROM " + db->quote_name(schema) + ".refresh_tokens WHERE token_hash = 'rt-locked' FOR UPDATE");
  const RefreshTokenRecord next{"rt-next", "", {}, g.created_at, g.expires_at, std::nullopt};
  const AccessTokenRecord at{"at-next", "", "tpp-one", "openid", {}, g.created_at, g.created_at + 5min, std::nullopt};
  const auto started = std::chrono::steady_clock::now();
  auto rotated = stores->grants->rotate_refresh_token("rt-locked", next, at, now_ms());
  const auto waited = std::chrono::steady_clock::now() - started;
  holder.abort();

  ASSERT_FALSE(rotated.has_value());
  EXPECT_EQ(rotated.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(rotated.error().status, 503);
  EXPECT_NE(rotated.error().detail.find("57014"), std::string::npos) << rotated.error().detail;
  EXPECT_LT(waited, 3s);
  // Nothing happened: the token rotates normally once the lock is gone.
  auto retried = stores->grants->rotate_refresh_token("rt-locked", next, at, now_ms());
  ASSERT_TRUE(retried.has_value()) << retried.error().detail;
  EXPECT_EQ(*retried, RotateOutcome::rotated);
}

TEST(PostgresErrors, AnUnmigratedSchemaIsAFault) {
  auto stores = open_postgres(options_for(fresh_schema()));
  ASSERT_TRUE(stores.has_value());
  auto found = stores->grants->find_grant("any");
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::server_error);
  EXPECT_NE(found.error().detail.find("42P01"), std::string::npos) << found.error().detail;
}

}  // namespace
}  // namespace fapid::storage::testing
