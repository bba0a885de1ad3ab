// What the SQLite TTL store does beyond the shared contract: reclaiming expired rows, health probes,
// single use within one write batch.
#include "storage/sqlite/sqlite_ttl_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <vector>

#include "sqlite_test_support.hpp"
#include "unit/storage/contract/race_support.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;

class SqliteTtlStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = SqliteDatabase::open(SqliteOptions{path_});
    ASSERT_TRUE(database.has_value()) << database.error().detail;
    database_ = *database;
    store_ = std::make_unique<SqliteTtlStore>(database_, clock_);
  }
  std::string rows() { return RawDb(path_).text("SELECT count(*) FROM ttl_entries"); }

  const std::string path_ = fresh_sqlite_path();
  FakeClock clock_;
  std::shared_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteTtlStore> store_;
};

constexpr int kThreads = 16;

// Wins and failures of `kThreads` calls of `attempt` made as one write batch.
struct Tally {
  std::atomic<int> wins{0};
  std::atomic<int> failures{0};
};

std::vector<std::function<void()>> calls(Tally& tally, const std::function<Result<bool>()>& attempt) {
  return std::vector<std::function<void()>>(kThreads, [&tally, attempt] {
    auto r = attempt();
    if (!r) ++tally.failures;
    else if (*r) ++tally.wins;
  });
}

TEST_F(SqliteTtlStoreTest, ExpiredRowsAreRemovedBySweepExpired) {
  ASSERT_TRUE(store_->put(TtlKind::par_request, "short", "v", 1s).has_value());
  ASSERT_TRUE(store_->put(TtlKind::authorization_code, "long", "v", 10s).has_value());
  ASSERT_TRUE(store_->increment(TtlKind::rate_limit, "client", 1s).has_value());
  EXPECT_EQ(store_->sweep_expired().value(), 0u);
  EXPECT_EQ(rows(), "3");

  clock_.advance(2s);
  EXPECT_EQ(store_->get(TtlKind::par_request, "short").value(), std::nullopt);  // invisible before the sweep
  EXPECT_EQ(store_->sweep_expired().value(), 2u);
  EXPECT_EQ(rows(), "1");
  EXPECT_EQ(store_->get(TtlKind::authorization_code, "long").value(), std::optional<std::string>("v"));

  clock_.advance(20s);
  EXPECT_EQ(store_->sweep_expired().value(), 1u);
  EXPECT_EQ(rows(), "0");
}

TEST_F(SqliteTtlStoreTest, ASweepLargerThanOneChunkRemovesEveryExpiredRowAndNoLiveOne) {
  const int expired = 2 * static_cast<int>(sqlite::kSweepChunk) + 7;
  for (int i = 0; i < expired; ++i)
    ASSERT_TRUE(store_->put(TtlKind::client_assertion_jti, "old-" + std::to_string(i), "1", 1s).has_value());
  ASSERT_TRUE(store_->put(TtlKind::client_assertion_jti, "live", "1", 10s).has_value());
  clock_.advance(2s);
  const auto commits_before = database_->write_commits();
  EXPECT_EQ(store_->sweep_expired().value(), static_cast<std::size_t>(expired));
  EXPECT_GE(database_->write_commits() - commits_before, 3u);  // in chunks, each its own short write
  EXPECT_EQ(rows(), "1");
  EXPECT_TRUE(store_->get(TtlKind::client_assertion_jti, "live").value().has_value());
}

TEST_F(SqliteTtlStoreTest, AnEntryExpiresExactlyAtItsTtl) {
  ASSERT_TRUE(store_->put(TtlKind::par_request, "k", "v", 1000ms).has_value());
  clock_.advance(999ms);
  EXPECT_TRUE(store_->get(TtlKind::par_request, "k").value().has_value());
  clock_.advance(1ms);
  EXPECT_EQ(store_->get(TtlKind::par_request, "k").value(), std::nullopt);
  EXPECT_TRUE(store_->put_if_absent(TtlKind::par_request, "k", "again", 1s).value());
}

TEST_F(SqliteTtlStoreTest, AnEmptyValueIsStoredAsEmptyNotAsMissing) {
  ASSERT_TRUE(store_->put(TtlKind::interaction, "empty", "", 60s).has_value());
  EXPECT_EQ(store_->get(TtlKind::interaction, "empty").value(), std::optional<std::string>(""));
  EXPECT_EQ(store_->consume(TtlKind::interaction, "empty").value(), std::optional<std::string>(""));
}

TEST_F(SqliteTtlStoreTest, SixteenPutIfAbsentOfOneKeyHaveExactlyOneWinnerInOneBatchAndAcrossBatches) {
  Tally tally;
  const auto commits = database_->write_commits();
  ASSERT_TRUE(run_as_one_batch(*database_, calls(tally, [&]() -> Result<bool> {
    return store_->put_if_absent(TtlKind::client_assertion_jti, "jti", "seen", 60s);
  })));
  EXPECT_EQ(database_->write_commits(), commits + 2);  // the test's held write, then all sixteen at once
  EXPECT_EQ(tally.failures, 0);
  EXPECT_EQ(tally.wins, 1);
  for (int round = 0; round < 10; ++round) {  // racing freely: batches of whoever arrives
    const std::string key = "jti-" + std::to_string(round);
    EXPECT_EQ(count_thread_wins(kThreads, [&] {
      auto r = store_->put_if_absent(TtlKind::client_assertion_jti, key, "seen", 60s);
      return r.has_value() && *r;
    }), 1) << "round " << round;
  }
}

TEST_F(SqliteTtlStoreTest, SixteenConsumesOfOneCodeHaveExactlyOneWinnerInOneBatchAndAcrossBatches) {
  ASSERT_TRUE(store_->put(TtlKind::authorization_code, "code", "grant-context", 60s).has_value());
  Tally tally;
  const auto commits = database_->write_commits();
  ASSERT_TRUE(run_as_one_batch(*database_, calls(tally, [&]() -> Result<bool> {
    auto r = store_->consume(TtlKind::authorization_code, "code");
    if (!r) return r.error();
    if (*r && **r != "grant-context") return false;
    return r->has_value();
  })));
  EXPECT_EQ(database_->write_commits(), commits + 2);
  EXPECT_EQ(tally.failures, 0);
  EXPECT_EQ(tally.wins, 1);
  EXPECT_EQ(rows(), "0");
  for (int round = 0; round < 10; ++round) {
    const std::string key = "code-" + std::to_string(round);
    ASSERT_TRUE(store_->put(TtlKind::authorization_code, key, "v", 60s).has_value());
    EXPECT_EQ(count_thread_wins(kThreads, [&] {
      auto r = store_->consume(TtlKind::authorization_code, key);
      return r.has_value() && r->has_value();
    }), 1) << "round " << round;
  }
}

TEST_F(SqliteTtlStoreTest, PingAnswersAndNamesTheStore) {
  EXPECT_TRUE(store_->ping().has_value());
  EXPECT_EQ(store_->name(), "sqlite");
}

}  // namespace
}  // namespace fapid::storage::testing
