#pragma once
// The TtlStore contract (src/storage/ttl_store.hpp), one typed suite for every adapter. Factory shape:
// tests/unit/storage/contract/README.md. Expiry is tested with real time and short TTLs, because the
// Redis adapter's clock is the Redis server's.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "storage/limits.hpp"
#include "storage/ttl_store.hpp"
#include "unit/storage/contract/contract_support.hpp"
#include "unit/storage/contract/race_support.hpp"

namespace fapid::storage::testing {

using namespace std::chrono_literals;

template <class Factory>
class TtlStoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    backing_ = Factory::fresh_backing();
    store_ = Factory::open_ttl(backing_);
    ASSERT_NE(store_, nullptr);
  }

  std::string backing_;
  std::shared_ptr<TtlStore> store_;
};

TYPED_TEST_SUITE_P(TtlStoreContract);

TYPED_TEST_P(TtlStoreContract, GetReturnsWhatPutStored) {
  ok(this->store_->put(TtlKind::par_request, "k1", "v1", 60s));
  EXPECT_EQ(ok(this->store_->get(TtlKind::par_request, "k1")), std::optional<std::string>("v1"));
}

TYPED_TEST_P(TtlStoreContract, GetOfAnUnknownKeyIsEmptyNotAnError) {
  EXPECT_EQ(ok(this->store_->get(TtlKind::par_request, "never-stored")), std::nullopt);
  EXPECT_EQ(ok(this->store_->consume(TtlKind::par_request, "never-stored")), std::nullopt);
}

TYPED_TEST_P(TtlStoreContract, EachKindIsItsOwnKeySpace) {
  ok(this->store_->put(TtlKind::authorization_code, "same", "code", 60s));
  EXPECT_EQ(ok(this->store_->get(TtlKind::par_request, "same")), std::nullopt);
  EXPECT_EQ(ok(this->store_->consume(TtlKind::par_request, "same")), std::nullopt);
  EXPECT_EQ(ok(this->store_->get(TtlKind::authorization_code, "same")), std::optional<std::string>("code"));
}

TYPED_TEST_P(TtlStoreContract, ValuesAreBinarySafe) {
  const std::string value("\0\xff\r\n{\"a\":1}\0end", 16);
  ok(this->store_->put(TtlKind::interaction, "bin", value, 60s));
  EXPECT_EQ(ok(this->store_->get(TtlKind::interaction, "bin")), std::optional<std::string>(value));
  EXPECT_EQ(ok(this->store_->consume(TtlKind::interaction, "bin")), std::optional<std::string>(value));
}

TYPED_TEST_P(TtlStoreContract, AnEntryIsGoneOnceItsTtlHasPassed) {
  ok(this->store_->put(TtlKind::authorization_code, "short", "v", 150ms));
  ok(this->store_->put(TtlKind::authorization_code, "long", "v", 60s));
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(ok(this->store_->get(TtlKind::authorization_code, "short")), std::nullopt);
  EXPECT_EQ(ok(this->store_->consume(TtlKind::authorization_code, "short")), std::nullopt);
  EXPECT_EQ(ok(this->store_->get(TtlKind::authorization_code, "long")), std::optional<std::string>("v"));
}

TYPED_TEST_P(TtlStoreContract, ConsumeReturnsTheValueOnceAndThenNothing) {
  ok(this->store_->put(TtlKind::authorization_code, "code-1", "grant", 60s));
  EXPECT_EQ(ok(this->store_->consume(TtlKind::authorization_code, "code-1")), std::optional<std::string>("grant"));
  EXPECT_EQ(ok(this->store_->consume(TtlKind::authorization_code, "code-1")), std::nullopt);
  EXPECT_EQ(ok(this->store_->get(TtlKind::authorization_code, "code-1")), std::nullopt);
}

TYPED_TEST_P(TtlStoreContract, PutIfAbsentRefusesALiveKeyAndKeepsTheFirstValue) {
  EXPECT_TRUE(ok(this->store_->put_if_absent(TtlKind::client_assertion_jti, "jti-1", "first", 60s)));
  EXPECT_FALSE(ok(this->store_->put_if_absent(TtlKind::client_assertion_jti, "jti-1", "second", 60s)));
  EXPECT_EQ(ok(this->store_->get(TtlKind::client_assertion_jti, "jti-1")), std::optional<std::string>("first"));
}

TYPED_TEST_P(TtlStoreContract, PutIfAbsentSucceedsOnceTheOldEntryExpired) {
  EXPECT_TRUE(ok(this->store_->put_if_absent(TtlKind::dpop_jti, "jti-2", "first", 150ms)));
  std::this_thread::sleep_for(400ms);
  EXPECT_TRUE(ok(this->store_->put_if_absent(TtlKind::dpop_jti, "jti-2", "second", 60s)));
  EXPECT_EQ(ok(this->store_->get(TtlKind::dpop_jti, "jti-2")), std::optional<std::string>("second"));
}

TYPED_TEST_P(TtlStoreContract, PutReplacesTheValueAndTheTtl) {
  ok(this->store_->put(TtlKind::interaction, "i-1", "old", 150ms));
  ok(this->store_->put(TtlKind::interaction, "i-1", "new", 60s));
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(ok(this->store_->get(TtlKind::interaction, "i-1")), std::optional<std::string>("new"));
}

TYPED_TEST_P(TtlStoreContract, EraseRemovesTheEntryAndIgnoresUnknownKeys) {
  ok(this->store_->put(TtlKind::federation_state, "s-1", "v", 60s));
  ok(this->store_->erase(TtlKind::federation_state, "s-1"));
  ok(this->store_->erase(TtlKind::federation_state, "never-stored"));
  EXPECT_EQ(ok(this->store_->get(TtlKind::federation_state, "s-1")), std::nullopt);
}

TYPED_TEST_P(TtlStoreContract, IncrementCountsWithinTheWindowAndRestartsAfterIt) {
  // A window wide enough for four fsync'd commits on a loaded CI disk.
  EXPECT_EQ(ok(this->store_->increment(TtlKind::rate_limit, "client-a", 1500ms)), 1u);
  EXPECT_EQ(ok(this->store_->increment(TtlKind::rate_limit, "client-a", 1500ms)), 2u);
  EXPECT_EQ(ok(this->store_->increment(TtlKind::rate_limit, "client-b", 1500ms)), 1u);
  EXPECT_EQ(ok(this->store_->increment(TtlKind::rate_limit, "client-a", 1500ms)), 3u);
  std::this_thread::sleep_for(1800ms);
  EXPECT_EQ(ok(this->store_->increment(TtlKind::rate_limit, "client-a", 1500ms)), 1u);
}

TYPED_TEST_P(TtlStoreContract, OversizedKeysAndValuesAreRefusedAndNothingIsStored) {
  const std::string long_key(kMaxKeyBytes + 1, 'k');
  const std::string big_value(kMaxValueBytes + 1, 'v');
  auto r1 = this->store_->put(TtlKind::par_request, long_key, "v", 60s);
  ASSERT_FALSE(r1.has_value());
  EXPECT_EQ(r1.error().code, ErrorCode::server_error);
  auto r2 = this->store_->put_if_absent(TtlKind::par_request, "k", big_value, 60s);
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.error().code, ErrorCode::server_error);
  auto r3 = this->store_->get(TtlKind::par_request, "");
  ASSERT_FALSE(r3.has_value());
  EXPECT_EQ(r3.error().code, ErrorCode::server_error);
  EXPECT_EQ(ok(this->store_->get(TtlKind::par_request, "k")), std::nullopt);
  // The largest allowed value still round-trips.
  const std::string max_value(kMaxValueBytes, 'm');
  ok(this->store_->put(TtlKind::par_request, "max", max_value, 60s));
  EXPECT_EQ(ok(this->store_->get(TtlKind::par_request, "max")), std::optional<std::string>(max_value));
}

TYPED_TEST_P(TtlStoreContract, ManyThreadsConsumingOneCodeHaveExactlyOneWinner) {
  for (int round = 0; round < 30; ++round) {
    const std::string key = "race-" + std::to_string(round);
    ok(this->store_->put(TtlKind::authorization_code, key, "v", 60s));
    const int wins = count_thread_wins(12, [&] {
      auto r = this->store_->consume(TtlKind::authorization_code, key);
      return r.has_value() && r->has_value();
    });
    ASSERT_EQ(wins, 1) << "round " << round;
  }
}

TYPED_TEST_P(TtlStoreContract, ManyThreadsRecordingOneJtiHaveExactlyOneWinner) {
  for (int round = 0; round < 30; ++round) {
    const std::string key = "jti-race-" + std::to_string(round);
    const int wins = count_thread_wins(12, [&] {
      auto r = this->store_->put_if_absent(TtlKind::client_assertion_jti, key, "seen", 60s);
      return r.has_value() && *r;
    });
    ASSERT_EQ(wins, 1) << "round " << round;
  }
}

TYPED_TEST_P(TtlStoreContract, TwoProcessesConsumingTheSameCodesHaveExactlyOneWinnerPerCode) {
  constexpr int kCodes = 40;
  for (int i = 0; i < kCodes; ++i)
    ok(this->store_->put(TtlKind::authorization_code, "p-" + std::to_string(i), "v", 60s));
  const std::string backing = this->backing_;
  // Every child opens its own store, then all start together at `start` so the consumes overlap.
  const auto start = std::chrono::steady_clock::now() + 1500ms;
  const int total = count_process_wins(2, [&]() -> int {
    auto store = TypeParam::open_ttl(backing);
    if (!store) return -1;
    std::this_thread::sleep_until(start);
    std::atomic<int> wins{0};
    std::atomic<bool> failed{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kCodes; ++i) {
          auto r = store->consume(TtlKind::authorization_code, "p-" + std::to_string(i));
          if (!r.has_value()) failed = true;
          else if (r->has_value()) ++wins;
        }
      });
    }
    for (auto& t : threads) t.join();
    return failed ? -1 : wins.load();
  });
  EXPECT_EQ(total, kCodes);
}

REGISTER_TYPED_TEST_SUITE_P(TtlStoreContract, GetReturnsWhatPutStored, GetOfAnUnknownKeyIsEmptyNotAnError,
                            EachKindIsItsOwnKeySpace, ValuesAreBinarySafe, AnEntryIsGoneOnceItsTtlHasPassed,
                            ConsumeReturnsTheValueOnceAndThenNothing, PutIfAbsentRefusesALiveKeyAndKeepsTheFirstValue,
                            PutIfAbsentSucceedsOnceTheOldEntryExpired, PutReplacesTheValueAndTheTtl,
                            EraseRemovesTheEntryAndIgnoresUnknownKeys, IncrementCountsWithinTheWindowAndRestartsAfterIt,
                            OversizedKeysAndValuesAreRefusedAndNothingIsStored,
                            ManyThreadsConsumingOneCodeHaveExactlyOneWinner,
                            ManyThreadsRecordingOneJtiHaveExactlyOneWinner,
                            TwoProcessesConsumingTheSameCodesHaveExactlyOneWinnerPerCode);

}  // namespace fapid::storage::testing
