// Versioned migrations (DESIGN.md: applied on start or by `fapid migrate`): idempotent, safe when
// instances start together, and refusing a database newer than the binary.
#include "storage/postgres/migrate.hpp"

#include <gtest/gtest.h>

#include <pqxx/nontransaction>
#include <thread>

#include "postgres_test_support.hpp"
#include "storage/postgres/migrations.hpp"
#include "unit/storage/contract/race_support.hpp"

namespace fapid::storage::testing {
namespace {

using postgres::latest_schema_version;

long long count(const std::string& schema, const std::string& table) {
  auto db = admin_connection();
  pqxx::nontransaction tx(*db);
  return tx.exec1("SELECT count(*) FROM " + db->quote_name(schema) + "." + table)[0].as<long long>();
}

TEST(PostgresMigrate, CreatesTheSchemaAndAppliesEveryStep) {
  const auto schema = fresh_schema();
  auto report = migrate_postgres(options_for(schema));
  ASSERT_TRUE(report.has_value()) << report.error().detail;
  EXPECT_EQ(report->version_before, 0);
  EXPECT_EQ(report->version_after, latest_schema_version());
  EXPECT_EQ(report->applied.size(), postgres::migrations().size());
  for (const char* table : {"grants", "refresh_tokens", "access_tokens", "audit_events"}) {
    EXPECT_EQ(count(schema, table), 0) << table;
  }
}

TEST(PostgresMigrate, MigratingTwiceIsANoOp) {
  const auto options = options_for(fresh_schema());
  ASSERT_TRUE(migrate_postgres(options).has_value());
  auto again = migrate_postgres(options);
  ASSERT_TRUE(again.has_value()) << again.error().detail;
  EXPECT_EQ(again->version_before, latest_schema_version());
  EXPECT_EQ(again->version_after, latest_schema_version());
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(count(options.schema, "schema_migrations"), latest_schema_version());
}

TEST(PostgresMigrate, TwoProcessesMigratingOneFreshSchemaBothSucceedAndRecordEachVersionOnce) {
  const auto options = options_for(fresh_schema());
  const auto start = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  const int succeeded = count_process_wins(4, [&]() -> int {
    std::this_thread::sleep_until(start);
    return migrate_postgres(options).has_value() ? 1 : 0;
  });
  EXPECT_EQ(succeeded, 4);
  EXPECT_EQ(count(options.schema, "schema_migrations"), latest_schema_version());
  auto after = migrate_postgres(options);
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->applied.empty());
}

TEST(PostgresMigrate, ADatabaseNewerThanTheBinaryIsRefusedNamingBothVersions) {
  const auto options = options_for(fresh_schema());
  ASSERT_TRUE(migrate_postgres(options).has_value());
  const int newer = latest_schema_version() + 41;
  {
    auto db = admin_connection();
    pqxx::nontransaction tx(*db);
    tx.exec("INSERT INTO " + db->quote_name(options.schema) + ".schema_migrations (version) VALUES (" +
            std::to_string(newer) + ")");
  }
  auto refused = migrate_postgres(options);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::server_error);
  const auto& detail = refused.error().detail;
  EXPECT_NE(detail.find("version " + std::to_string(newer)), std::string::npos) << detail;
  EXPECT_NE(detail.find("version " + std::to_string(latest_schema_version())), std::string::npos) << detail;
  EXPECT_EQ(count(options.schema, "schema_migrations"), latest_schema_version() + 1) << "nothing changed";
}

TEST(PostgresMigrate, AnUnreachableServerIsAnOutage) {
  auto options = options_for("t_never_created");
  options.url = "postgresql://fapid@127.0.0.1:1/fapid_test";
  auto refused = migrate_postgres(options);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(refused.error().status, 503);
}

}  // namespace
}  // namespace fapid::storage::testing
