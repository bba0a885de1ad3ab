// Opening the SQLite file: durability pragmas, file modes, refusing what is not a database, and
// reporting a locked file as an outage.
#include "storage/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "sqlite_test_support.hpp"
#include "storage/sqlite/sqlite_ttl_store.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;

Result<std::string> pragma(SqliteDatabase& database, const std::string& sql) {
  return database.with_connection([&](sqlite::SqliteConnection& conn) { return conn.query_text(sql, "test"); });
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777U;
}

TEST(SqliteDatabase, OpensInWalModeWithSynchronousFull) {
  auto database = SqliteDatabase::open(SqliteOptions{fresh_sqlite_path()});
  ASSERT_TRUE(database.has_value()) << database.error().detail;
  EXPECT_EQ(pragma(**database, "PRAGMA journal_mode").value(), "wal");
  EXPECT_EQ(pragma(**database, "PRAGMA synchronous").value(), "2");  // FULL
  EXPECT_EQ(pragma(**database, "PRAGMA foreign_keys").value(), "1");
  EXPECT_EQ(pragma(**database, "PRAGMA busy_timeout").value(), "5000");
}

TEST(SqliteDatabase, CreatesTheParentDirectoryAndTheFileWithMode0600) {
  const auto base = std::filesystem::path(fresh_sqlite_path()).replace_extension("");
  const std::string path = (base / "nested" / "fapid.db").string();
  const mode_t old_umask = ::umask(0);  // the modes must not depend on the umask
  auto database = SqliteDatabase::open(SqliteOptions{path});
  ::umask(old_umask);
  ASSERT_TRUE(database.has_value()) << database.error().detail;
  EXPECT_EQ(mode_of(base.string()), 0700U);
  EXPECT_EQ(mode_of((base / "nested").string()), 0700U);
  EXPECT_EQ(mode_of(path), 0600U);
  // SQLite gives its write-ahead log the mode of the database file.
  ASSERT_TRUE(pragma(**database, "PRAGMA journal_mode").has_value());
  EXPECT_EQ(mode_of(path + "-wal"), 0600U);
}

TEST(SqliteDatabase, ACorruptFileGivesAClearErrorNotACrash) {
  const std::string path = fresh_sqlite_path();
  std::string garbage(8192, '\0');
  std::mt19937 random(42);
  for (auto& c : garbage) c = static_cast<char>(random());
  std::ofstream(path, std::ios::binary) << garbage;

  auto database = SqliteDatabase::open(SqliteOptions{path});
  ASSERT_FALSE(database.has_value());
  EXPECT_EQ(database.error().code, ErrorCode::server_error);
  EXPECT_NE(database.error().detail.find("not a database"), std::string::npos) << database.error().detail;
  EXPECT_NE(database.error().detail.find(path), std::string::npos) << database.error().detail;
  EXPECT_EQ(std::filesystem::file_size(path), garbage.size());  // left for the operator to inspect
}

TEST(SqliteDatabase, AnEmptyPathIsRefused) {
  auto database = SqliteDatabase::open(SqliteOptions{""});
  ASSERT_FALSE(database.has_value());
  EXPECT_EQ(database.error().code, ErrorCode::server_error);
}

TEST(SqliteDatabase, AFileLockedPastTheBusyTimeoutIsTemporarilyUnavailableAndNamesNoValue) {
  const std::string path = fresh_sqlite_path();
  auto database = SqliteDatabase::open(SqliteOptions{path, 200ms, 2});
  ASSERT_TRUE(database.has_value()) << database.error().detail;
  const SystemClock clock;
  SqliteTtlStore store(*database, clock);

  RawDb other_process(path);
  ASSERT_EQ(other_process.exec("BEGIN IMMEDIATE"), SQLITE_OK);  // holds the one write lock
  auto put = store.put(TtlKind::authorization_code, "key-that-must-not-leak", "value-that-must-not-leak", 60s);
  ASSERT_FALSE(put.has_value());
  EXPECT_EQ(put.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(put.error().status, 503);
  EXPECT_NE(put.error().detail.find("ttl put"), std::string::npos) << put.error().detail;
  EXPECT_EQ(put.error().detail.find("must-not-leak"), std::string::npos) << put.error().detail;
  // Readers are not blocked by a writer (WAL), and the store recovers once the lock is released.
  EXPECT_TRUE(store.get(TtlKind::authorization_code, "k").has_value());
  ASSERT_EQ(other_process.exec("ROLLBACK"), SQLITE_OK);
  EXPECT_TRUE(store.put(TtlKind::authorization_code, "k", "v", 60s).has_value());
}

}  // namespace
}  // namespace fapid::storage::testing
