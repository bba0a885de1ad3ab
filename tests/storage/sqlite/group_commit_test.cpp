// Group commit (group_commit.hpp): concurrent writes share one transaction and one fsync, yet each
// succeeds or fails on its own, and a caller hears of its write only once the batch has committed.
#include "storage/sqlite/group_commit.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_test_support.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/write_transaction.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;
using sqlite::SqliteConnection;
using sqlite::WriteTransaction;
using Outcome = std::optional<Result<void>>;

constexpr std::string_view kInsert = "INSERT INTO batch_rows (name) VALUES (?1)";

Result<void> insert(SqliteConnection& conn, const std::string& name) {
  auto st = conn.prepare(kInsert, "test insert");
  if (!st) return st.error();
  return st->text(name).finish();
}

Result<void> create_table(SqliteDatabase& database) {
  return database.write("test create", [](SqliteConnection& conn) {
    return conn.exec("CREATE TABLE batch_rows (name TEXT PRIMARY KEY)", "test create");
  });
}

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = SqliteDatabase::open(SqliteOptions{path_});
    ASSERT_TRUE(database.has_value()) << database.error().detail;
    database_ = *database;
    auto created = create_table(*database_);
    ASSERT_TRUE(created.has_value()) << created.error().detail;
  }
  // Read through another connection: only what was committed.
  bool has_row(const std::string& name) {
    return RawDb(path_).text("SELECT count(*) FROM batch_rows WHERE name = '" + name + "'") == "1";
  }
  bool insert_now(const std::string& name) {
    return database_->write("test insert", [&](SqliteConnection& conn) { return insert(conn, name); }).has_value() &&
           has_row(name);
  }
  std::function<void()> inserting(Outcome& outcome, std::string_view operation, const std::string& name) {
    return [this, &outcome, operation, name] {
      outcome = database_->write(operation, [&](SqliteConnection& conn) { return insert(conn, name); });
    };
  }

  const std::string path_ = fresh_sqlite_path();
  std::shared_ptr<SqliteDatabase> database_;
};

TEST_F(GroupCommitTest, AFailingWriteIsRolledBackAloneWhileTheOthersOfItsBatchCommit) {
  Outcome first, failing, last;
  const auto commits = database_->write_commits();
  ASSERT_TRUE(run_as_one_batch(*database_, {
      inserting(first, "first", "first"),
      [&] {
        failing = database_->write("failing", [](SqliteConnection& conn) -> Result<void> {
          if (auto inserted = insert(conn, "failing"); !inserted) return inserted;
          return insert(conn, "failing");  // a duplicate key: fails after a statement that succeeded
        });
      },
      inserting(last, "last", "last"),
  }));
  EXPECT_EQ(database_->write_commits(), commits + 2);  // the test's held write, then these three at once
  ASSERT_TRUE(first && failing && last);
  EXPECT_TRUE(first->has_value()) << first->error().detail;
  EXPECT_TRUE(last->has_value()) << last->error().detail;
  ASSERT_FALSE(failing->has_value());
  EXPECT_EQ(failing->error().code, ErrorCode::server_error);
  EXPECT_NE(failing->error().detail.find("UNIQUE"), std::string::npos) << failing->error().detail;
  EXPECT_TRUE(has_row("first"));
  EXPECT_TRUE(has_row("last"));
  EXPECT_FALSE(has_row("failing"));  // its first insert, which had succeeded, was rolled back too
}

TEST_F(GroupCommitTest, AWriteTransactionInsideAWriteIsASavepointThatRollsBackAloneUnlessCommitted) {
  Outcome abandoned, committed, committed_then_failed, plain;
  const auto commits = database_->write_commits();
  ASSERT_TRUE(run_as_one_batch(*database_, {
      [&] {
        abandoned = database_->write("abandoned", [](SqliteConnection& conn) -> Result<void> {
          auto tx = WriteTransaction::begin(conn, "abandoned");
          if (!tx) return tx.error();
          return insert(conn, "abandoned");  // no commit: the destructor rolls back, the write succeeds
        });
      },
      [&] {
        committed = database_->write("committed", [](SqliteConnection& conn) -> Result<void> {
          auto tx = WriteTransaction::begin(conn, "committed");
          if (!tx) return tx.error();
          if (auto inserted = insert(conn, "committed"); !inserted) return inserted;
          return tx->commit();
        });
      },
      [&] {
        committed_then_failed = database_->write("committed then failed", [](SqliteConnection& conn) -> Result<void> {
          auto tx = WriteTransaction::begin(conn, "committed then failed");
          if (!tx) return tx.error();
          if (auto inserted = insert(conn, "committed-then-failed"); !inserted) return inserted;
          if (auto done = tx->commit(); !done) return done;
          return insert(conn, "committed-then-failed");  // a duplicate: this write fails as a whole
        });
      },
      inserting(plain, "plain", "plain"),
  }));
  EXPECT_EQ(database_->write_commits(), commits + 2);
  ASSERT_TRUE(abandoned && committed && committed_then_failed && plain);
  EXPECT_TRUE(abandoned->has_value()) << abandoned->error().detail;
  EXPECT_TRUE(committed->has_value()) << committed->error().detail;
  EXPECT_TRUE(plain->has_value()) << plain->error().detail;
  EXPECT_FALSE(committed_then_failed->has_value());
  EXPECT_FALSE(has_row("abandoned"));
  EXPECT_FALSE(has_row("committed-then-failed"));
  EXPECT_TRUE(has_row("committed"));
  EXPECT_TRUE(has_row("plain"));
  // Outside a batch it is still a transaction of its own (migrations, the CLI).
  auto alone = database_->with_connection([](SqliteConnection& conn) -> Result<void> {
    auto tx = WriteTransaction::begin(conn, "alone");
    if (!tx) return tx.error();
    if (auto inserted = insert(conn, "alone"); !inserted) return inserted;
    return tx->commit();
  });
  ASSERT_TRUE(alone.has_value()) << alone.error().detail;
  EXPECT_TRUE(has_row("alone"));
}

TEST_F(GroupCommitTest, AWriteThatThrowsFailsAloneAndTheWriterGoesOn) {
  Outcome before, thrower, after;
  ASSERT_TRUE(run_as_one_batch(*database_, {
      inserting(before, "before", "before"),
      [&] {
        thrower = database_->write("thrower", [](SqliteConnection& conn) -> Result<void> {
          if (auto inserted = insert(conn, "thrown"); !inserted) return inserted;
          throw std::runtime_error("a bug in the work");
        });
      },
      inserting(after, "after", "after"),
  }));
  ASSERT_TRUE(before && thrower && after);
  EXPECT_TRUE(before->has_value());
  EXPECT_TRUE(after->has_value());
  ASSERT_FALSE(thrower->has_value());
  EXPECT_EQ(thrower->error().code, ErrorCode::server_error);
  EXPECT_NE(thrower->error().detail.find("thrower"), std::string::npos) << thrower->error().detail;
  EXPECT_NE(thrower->error().detail.find("a bug in the work"), std::string::npos) << thrower->error().detail;
  EXPECT_FALSE(has_row("thrown"));
  EXPECT_TRUE(has_row("before"));
  EXPECT_TRUE(has_row("after"));
  EXPECT_TRUE(insert_now("later"));
}

TEST_F(GroupCommitTest, AWriteSubmittedFromInsideAWriteFailsInsteadOfWaitingForItself) {
  Outcome inner;
  auto outer = database_->write("outer", [&](SqliteConnection& conn) -> Result<void> {
    inner = database_->write("inner", [](SqliteConnection& c) { return insert(c, "inner"); });
    return insert(conn, "outer");
  });
  ASSERT_TRUE(outer.has_value()) << outer.error().detail;
  ASSERT_TRUE(inner && !inner->has_value());
  EXPECT_EQ(inner->error().code, ErrorCode::server_error);
  EXPECT_NE(inner->error().detail.find("inner"), std::string::npos) << inner->error().detail;
  EXPECT_TRUE(has_row("outer"));
  EXPECT_FALSE(has_row("inner"));
}

TEST(GroupCommit, WhileAnotherProcessHoldsTheWriteLockEveryWriteFailsAsUnavailableUnderItsOwnName) {
  const std::string path = fresh_sqlite_path();
  auto database = SqliteDatabase::open(SqliteOptions{path, 200ms});
  ASSERT_TRUE(database.has_value()) << database.error().detail;
  ASSERT_TRUE(create_table(**database).has_value());

  RawDb other_process(path);
  ASSERT_EQ(other_process.exec("BEGIN IMMEDIATE"), SQLITE_OK);
  constexpr int kWriters = 8;
  std::vector<std::string> names;
  for (int i = 0; i < kWriters; ++i) names.push_back("writer-" + std::to_string(i));
  std::vector<Outcome> outcomes(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      outcomes[i] = (*database)->write(names[i], [&](SqliteConnection& conn) { return insert(conn, names[i]); });
    });
  }
  for (auto& w : writers) w.join();
  for (int i = 0; i < kWriters; ++i) {
    ASSERT_TRUE(outcomes[i] && !outcomes[i]->has_value()) << names[i];
    EXPECT_EQ(outcomes[i]->error().code, ErrorCode::temporarily_unavailable);
    EXPECT_NE(outcomes[i]->error().detail.find(names[i]), std::string::npos) << outcomes[i]->error().detail;
  }
  ASSERT_EQ(other_process.exec("ROLLBACK"), SQLITE_OK);
  auto recovered = (*database)->write("recovered", [](SqliteConnection& conn) { return insert(conn, "recovered"); });
  EXPECT_TRUE(recovered.has_value()) << recovered.error().detail;
  EXPECT_EQ(RawDb(path).text("SELECT count(*) FROM batch_rows"), "1");
}

}  // namespace
}  // namespace fapid::storage::testing
