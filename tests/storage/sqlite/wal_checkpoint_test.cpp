// Background WAL checkpoints (SqliteDatabase::checkpoint): they copy every committed row into the
// database file, do nothing when nothing was committed, and with them on the writer stops
// checkpointing inside its COMMITs until the WAL reaches the fallback size.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sqlite_test_support.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fapid::storage::testing {
namespace {

std::shared_ptr<SqliteDatabase> open_database(const std::string& path, bool background_checkpoints) {
  SqliteOptions options{path};
  options.background_checkpoints = background_checkpoints;
  auto database = SqliteDatabase::open(options);
  EXPECT_TRUE(database.has_value()) << database.error().detail;
  return database ? *database : nullptr;
}

// One write of `rows` rows of 3,000 random bytes: at least one WAL frame (a 4 KB page) per row.
Result<void> insert_rows(SqliteDatabase& database, int rows) {
  return database.write("test insert", [rows](sqlite::SqliteConnection& conn) {
    return conn.exec(
        "CREATE TABLE IF NOT EXISTS blobs (b BLOB); "
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
            std::to_string(rows) + ") INSERT INTO blobs (b) SELECT randomblob(3000) FROM n",
        "test insert");
  });
}

TEST(WalCheckpoint, CopiesEveryCommittedRowIntoTheDatabaseFile) {
  const std::string path = fresh_sqlite_path();
  auto database = open_database(path, true);
  ASSERT_TRUE(database);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(insert_rows(*database, 40).has_value());

  auto wal = database->checkpoint();
  ASSERT_TRUE(wal.has_value()) << wal.error().detail;
  EXPECT_TRUE(wal->complete());
  EXPECT_GE(wal->frames, 200);

  // The database file alone, without its WAL, now holds all 200 rows.
  const std::string copy = path + ".alone";
  std::filesystem::copy_file(path, copy);
  EXPECT_EQ(RawDb(copy).text("SELECT count(*) FROM blobs"), "200");
}

TEST(WalCheckpoint, DoesNothingWhenNothingWasCommittedSinceTheLastCompleteOne) {
  auto database = open_database(fresh_sqlite_path(), true);
  ASSERT_TRUE(database);
  ASSERT_TRUE(insert_rows(*database, 10).has_value());
  ASSERT_TRUE(database->checkpoint().value().complete());

  // A PASSIVE checkpoint would report the WAL's frames again; the early return reports none.
  auto idle = database->checkpoint();
  ASSERT_TRUE(idle.has_value()) << idle.error().detail;
  EXPECT_EQ(idle->frames, 0);

  // The next write finds the WAL copied whole and starts it over: only its own frames are in it.
  ASSERT_TRUE(insert_rows(*database, 1).has_value());
  const auto after = database->checkpoint().value();
  EXPECT_GT(after.frames, 0);
  EXPECT_LT(after.frames, 10);
}

// Frames in the WAL after 1,200 rows in one commit and one more commit: the writer's own checkpoint
// at 1,000 frames lets that second commit start the WAL over; with background checkpoints it does not.
int frames_after_a_large_write(bool background_checkpoints) {
  auto database = open_database(fresh_sqlite_path(), background_checkpoints);
  if (!database || !insert_rows(*database, 1200) || !insert_rows(*database, 1)) return -1;
  auto wal = database->checkpoint();
  return wal ? wal->frames : -1;
}

TEST(WalCheckpoint, WithBackgroundCheckpointsTheWriterLeavesTheCopyingToThem) {
  const int inline_frames = frames_after_a_large_write(false);
  EXPECT_GT(inline_frames, 0);  // -1: the database failed; 0 would mean the second write left no frame
  EXPECT_LT(inline_frames, 100);
  const int frames = frames_after_a_large_write(true);
  EXPECT_GE(frames, 1200);
  EXPECT_LT(frames, sqlite::kFallbackCheckpointFrames);
}

}  // namespace
}  // namespace fapid::storage::testing
