// What the SQLite TTL store does beyond the shared contract: reclaiming expired rows, health probes,
// single use within one write batch.
#include "storage/sqlite/sqlite_ttl_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <vector>

#include "sqlite_test_support.hpp"
#include "storage/sqlite/replay_slots.hpp"
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

// The replay caches of jtis live in slots emptied whole (replay_slots.hpp).
class SqliteReplaySlotsTest : public SqliteTtlStoreTest {
 protected:
  std::string slot_rows() {
    return RawDb(path_).text(
        "SELECT (SELECT count(*) FROM ttl_replay_0) + (SELECT count(*) FROM ttl_replay_1) + "
        "(SELECT count(*) FROM ttl_replay_2) + (SELECT count(*) FROM ttl_replay_3)");
  }
  Result<bool> take(std::string_view jti, std::chrono::milliseconds ttl, std::string_view value = "seen") {
    return store_->put_if_absent(TtlKind::client_assertion_jti, jti, value, ttl);
  }
  std::optional<std::string> live(std::string_view jti) { return store_->get(TtlKind::client_assertion_jti, jti).value(); }
  // Moves the clock to the start of the next window, so each further kReplayWindow picks another slot.
  void align_to_window() {
    const auto window = sqlite::kReplayWindow.count();
    clock_.advance(std::chrono::milliseconds(window - sqlite::to_millis(clock_.now()) % window));
  }
};

TEST_F(SqliteReplaySlotsTest, TheMigrationMadeOneTablePerSlot) {
  EXPECT_EQ(RawDb(path_).text("SELECT count(*) FROM ttl_replay_slots"), std::to_string(sqlite::kReplaySlots));
  EXPECT_EQ(slot_rows(), "0");
}

TEST_F(SqliteReplaySlotsTest, TheSlotTurnsEveryWindowAndComesBackAfterAllSlots) {
  const auto start = clock_.now();
  const int first = sqlite::replay_slot_at(start);
  std::vector<int> seen;
  for (int i = 0; i < sqlite::kReplaySlots; ++i) seen.push_back(sqlite::replay_slot_at(start + i * sqlite::kReplayWindow));
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());  // every slot once
  EXPECT_EQ(sqlite::replay_slot_at(start + sqlite::kReplaySlots * sqlite::kReplayWindow), first);
  EXPECT_GE(sqlite::replay_slot_at(std::chrono::system_clock::time_point{} - 1ms), 0);  // before the epoch too
}

TEST_F(SqliteReplaySlotsTest, AJtiIsRefusedWhileLiveWhicheverSlotHoldsItAndAcceptedOnceExpired) {
  align_to_window();
  const int first = sqlite::replay_slot_at(clock_.now());
  ASSERT_TRUE(take("j", 350s, "first").value());
  EXPECT_EQ(slot_rows(), "1");
  EXPECT_EQ(rows(), "0");  // not in ttl_entries
  for (int step = 1; step <= 2; ++step) {  // another slot is chosen now, the first is still read
    clock_.advance(sqlite::kReplayWindow);
    ASSERT_NE(sqlite::replay_slot_at(clock_.now()), first);
    EXPECT_FALSE(take("j", 350s, "again").value()) << "step " << step;
    EXPECT_EQ(live("j"), std::optional<std::string>("first"));
  }
  clock_.advance(350s - 2 * sqlite::kReplayWindow);  // exactly at its expiry
  EXPECT_EQ(live("j"), std::nullopt);
  EXPECT_TRUE(take("j", 350s, "second").value());
  EXPECT_EQ(live("j"), std::optional<std::string>("second"));
}

TEST_F(SqliteReplaySlotsTest, ASlotIsEmptiedWholeOnlyOnceEveryEntryInItHasExpired) {
  for (const auto* jti : {"a", "b", "c"}) ASSERT_TRUE(take(jti, 60s).value());
  ASSERT_TRUE(take("d", 300s).value());  // same slot, living longer
  clock_.advance(61s);
  EXPECT_EQ(store_->sweep_expired().value(), 0u);
  EXPECT_EQ(slot_rows(), "4");
  EXPECT_FALSE(take("d", 300s).value());

  clock_.advance(239s);  // d expires now
  const auto commits = database_->write_commits();
  EXPECT_EQ(store_->sweep_expired().value(), 4u);
  EXPECT_EQ(database_->write_commits() - commits, static_cast<std::uint64_t>(1 + sqlite::kReplaySlots));
  EXPECT_EQ(slot_rows(), "0");
  EXPECT_EQ(RawDb(path_).text("SELECT sum(expires_max) FROM ttl_replay_slots"), "0");
  EXPECT_EQ(store_->sweep_expired().value(), 0u);
}

TEST_F(SqliteReplaySlotsTest, ASlotStillHoldingEntriesWhenItsTurnComesAgainIsSharedAndEmptiedLater) {
  ASSERT_TRUE(take("old", 60s).value());
  clock_.advance(sqlite::kReplaySlots * sqlite::kReplayWindow);  // the same slot again, never swept
  EXPECT_TRUE(take("old", 60s, "reused").value());               // the expired row is replaced
  ASSERT_TRUE(take("new", 120s).value());
  EXPECT_EQ(slot_rows(), "2");
  clock_.advance(61s);
  EXPECT_EQ(store_->sweep_expired().value(), 0u);  // "new" is live
  EXPECT_FALSE(take("new", 120s).value());
  clock_.advance(60s);
  EXPECT_EQ(store_->sweep_expired().value(), 2u);
}

TEST_F(SqliteReplaySlotsTest, AJtiLivingLongerThanASlotAllowsStaysInTtlEntriesAndIsStillUnique) {
  const auto longer = sqlite::kReplaySlotMaxTtl + 1s;
  ASSERT_TRUE(take("long", longer).value());
  EXPECT_EQ(rows(), "1");
  EXPECT_EQ(slot_rows(), "0");
  EXPECT_FALSE(take("long", 60s).value());
  ASSERT_TRUE(take("short", 60s).value());
  EXPECT_FALSE(take("short", longer).value());
  EXPECT_EQ(rows(), "1");
  EXPECT_EQ(slot_rows(), "1");
}

TEST_F(SqliteReplaySlotsTest, AJtiStoredInTtlEntriesBeforeTheSlotsExistedIsStillRefused) {
  const auto expires = sqlite::to_millis(clock_.now() + 60s);
  ASSERT_EQ(RawDb(path_).exec("INSERT INTO ttl_entries (kind, key, value, expires_at) VALUES ('assertion-jti', "
                              "CAST('legacy' AS BLOB), CAST('seen' AS BLOB), " + std::to_string(expires) + ")"),
            0);
  EXPECT_FALSE(take("legacy", 60s).value());
  EXPECT_EQ(live("legacy"), std::optional<std::string>("seen"));
  EXPECT_EQ(slot_rows(), "0");
  clock_.advance(60s);
  EXPECT_TRUE(take("legacy", 60s).value());
  EXPECT_EQ(store_->sweep_expired().value(), 1u);  // the legacy row; the new one is live
}

TEST_F(SqliteReplaySlotsTest, PutConsumeEraseAndIncrementKeepOneEntryPerKey) {
  ASSERT_TRUE(take("p", 60s, "slot").value());
  ASSERT_TRUE(store_->put(TtlKind::client_assertion_jti, "p", "replaced", 60s).has_value());
  EXPECT_EQ(live("p"), std::optional<std::string>("replaced"));
  EXPECT_EQ(slot_rows(), "0");

  ASSERT_TRUE(take("c", 60s, "once").value());
  EXPECT_EQ(store_->consume(TtlKind::client_assertion_jti, "c").value(), std::optional<std::string>("once"));
  EXPECT_EQ(store_->consume(TtlKind::client_assertion_jti, "c").value(), std::nullopt);
  EXPECT_TRUE(take("c", 60s).value());

  ASSERT_TRUE(take("e", 60s).value());
  ASSERT_TRUE(store_->erase(TtlKind::client_assertion_jti, "e").has_value());
  EXPECT_EQ(live("e"), std::nullopt);

  ASSERT_TRUE(take("i", 60s).value());
  EXPECT_EQ(store_->increment(TtlKind::client_assertion_jti, "i", 60s).value(), 1u);
  EXPECT_EQ(slot_rows(), "1");  // only "c" is left in a slot
}

TEST_F(SqliteReplaySlotsTest, OtherKindsNeverGoToTheSlots) {
  ASSERT_TRUE(store_->put_if_absent(TtlKind::par_request, "k", "v", 60s).value());
  ASSERT_TRUE(store_->put_if_absent(TtlKind::rate_limit, "k", "v", 60s).value());
  EXPECT_EQ(slot_rows(), "0");
  EXPECT_EQ(rows(), "2");
  EXPECT_EQ(store_->get(TtlKind::client_assertion_jti, "k").value(), std::nullopt);  // kinds stay apart
}

TEST_F(SqliteReplaySlotsTest, ATakenJtiIsStillRefusedAfterReopeningTheFile) {
  ASSERT_TRUE(take("durable", 60s).value());
  store_.reset();
  database_.reset();
  auto reopened = SqliteDatabase::open(SqliteOptions{path_});
  ASSERT_TRUE(reopened.has_value()) << reopened.error().detail;
  SqliteTtlStore store(*reopened, clock_);
  EXPECT_FALSE(store.put_if_absent(TtlKind::client_assertion_jti, "durable", "again", 60s).value());
}

TEST_F(SqliteTtlStoreTest, PingAnswersAndNamesTheStore) {
  EXPECT_TRUE(store_->ping().has_value());
  EXPECT_EQ(store_->name(), "sqlite");
}

}  // namespace
}  // namespace fapid::storage::testing
