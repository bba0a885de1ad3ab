// Versioned migrations of the SQLite file (DESIGN.md: schema changes are versioned migrations).
#include "storage/sqlite/migrate.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sqlite_test_support.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fapid::storage::testing {
namespace {

using sqlite::latest_schema_version;

TEST(SqliteMigrate, StepsAreNumberedFromOneWithoutGaps) {
  int expected = 1;
  for (const auto& step : sqlite::migrations()) EXPECT_EQ(step.version, expected++);
  EXPECT_EQ(latest_schema_version(), expected - 1);
}

TEST(SqliteMigrate, MigratingTwiceIsANoOpAndRecordsTheVersion) {
  const SqliteOptions options{fresh_sqlite_path()};
  auto first = migrate_sqlite(options);
  ASSERT_TRUE(first.has_value()) << first.error().detail;
  EXPECT_EQ(first->version_before, 0);
  EXPECT_EQ(first->version_after, latest_schema_version());
  EXPECT_EQ(first->applied.size(), static_cast<std::size_t>(latest_schema_version()));

  auto second = migrate_sqlite(options);
  ASSERT_TRUE(second.has_value()) << second.error().detail;
  EXPECT_EQ(second->version_before, latest_schema_version());
  EXPECT_EQ(second->version_after, latest_schema_version());
  EXPECT_TRUE(second->applied.empty());

  RawDb raw(options.path);
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(latest_schema_version()));
  // Opening the database migrates too, and is just as idempotent.
  ASSERT_TRUE(SqliteDatabase::open(options).has_value());
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(latest_schema_version()));
}

TEST(SqliteMigrate, ADatabaseFromANewerVersionIsRefusedWithBothVersionsInTheMessage) {
  const SqliteOptions options{fresh_sqlite_path()};
  ASSERT_TRUE(migrate_sqlite(options).has_value());
  const int newer = latest_schema_version() + 5;
  {
    RawDb raw(options.path);
    ASSERT_EQ(raw.exec("PRAGMA user_version = " + std::to_string(newer)), SQLITE_OK);
  }
  for (const auto& error : {migrate_sqlite(options).error(), SqliteDatabase::open(options).error()}) {
    EXPECT_EQ(error.code, ErrorCode::server_error);
    EXPECT_NE(error.detail.find("version " + std::to_string(newer)), std::string::npos) << error.detail;
    EXPECT_NE(error.detail.find("version " + std::to_string(latest_schema_version())), std::string::npos)
        << error.detail;
  }
  RawDb raw(options.path);
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(newer));  // left as it was
}

}  // namespace
}  // namespace fapid::storage::testing
