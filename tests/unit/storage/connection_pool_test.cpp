#include "storage/connection_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace fapid::storage {
namespace {

using namespace std::chrono_literals;

struct FakeConnection {
  int serial;
};

// A connect function whose reachability the test switches, counting attempts.
struct Store {
  std::atomic<bool> up{true};
  std::atomic<int> attempts{0};
  ConnectionPool<FakeConnection>::Connect connect() {
    return [this]() -> Result<std::unique_ptr<FakeConnection>> {
      const int n = ++attempts;
      if (!up) return store_unavailable("fake store down");
      return std::make_unique<FakeConnection>(FakeConnection{n});
    };
  }
};

PoolOptions options(std::size_t size) {
  PoolOptions o;
  o.size = size;
  o.acquire_timeout = 100ms;
  o.min_backoff = 50ms;
  o.max_backoff = 200ms;
  return o;
}

TEST(ConnectionPool, ReusesAReturnedConnection) {
  Store store;
  ConnectionPool<FakeConnection> pool("fake", options(2), store.connect());
  int first = 0;
  {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.has_value());
    first = (*lease)->serial;
  }
  auto again = pool.acquire();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ((*again)->serial, first);
  EXPECT_EQ(store.attempts, 1);
}

TEST(ConnectionPool, ABusyPoolAnswersUnavailableAfterTheAcquireTimeout) {
  Store store;
  ConnectionPool<FakeConnection> pool("fake", options(1), store.connect());
  auto held = pool.acquire();
  ASSERT_TRUE(held.has_value());
  const auto started = std::chrono::steady_clock::now();
  auto second = pool.acquire();
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(second.error().status, 503);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
}

TEST(ConnectionPool, AWaiterGetsTheConnectionWhenItIsReturned) {
  Store store;
  ConnectionPool<FakeConnection> pool("fake", options(1), store.connect());
  auto held = pool.acquire();
  ASSERT_TRUE(held.has_value());
  std::thread releaser([lease = std::move(*held)]() mutable {
    std::this_thread::sleep_for(20ms);
    auto gone = std::move(lease);
  });
  auto waited = pool.acquire();
  releaser.join();
  EXPECT_TRUE(waited.has_value());
}

TEST(ConnectionPool, AfterAFailedConnectItFailsFastUntilTheBackoffHasPassed) {
  Store store;
  store.up = false;
  ConnectionPool<FakeConnection> pool("fake", options(2), store.connect());
  EXPECT_FALSE(pool.acquire().has_value());
  EXPECT_EQ(store.attempts, 1);
  auto fast = pool.acquire();  // within the 50 ms back-off: no new attempt
  ASSERT_FALSE(fast.has_value());
  EXPECT_EQ(fast.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(store.attempts, 1);
  store.up = true;
  std::this_thread::sleep_for(80ms);
  EXPECT_TRUE(pool.acquire().has_value());
  EXPECT_EQ(store.attempts, 2);
}

TEST(ConnectionPool, TheBackoffDoublesUpToItsMaximum) {
  Store store;
  store.up = false;
  ConnectionPool<FakeConnection> pool("fake", options(1), store.connect());
  // Attempts at 0, +50, +100, +200, +200 ms: in 700 ms at most 5 attempts, however often we ask.
  const auto until = std::chrono::steady_clock::now() + 700ms;
  while (std::chrono::steady_clock::now() < until) {
    (void)pool.acquire();
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_GE(store.attempts, 4);
  EXPECT_LE(store.attempts, 6);
}

TEST(ConnectionPool, ConnectsThatFailTogetherLengthenTheBackoffOnce) {
  Store store;
  store.up = false;
  ConnectionPool<FakeConnection>::Connect slow_refusal = [&store]() -> Result<std::unique_ptr<FakeConnection>> {
    ++store.attempts;
    std::this_thread::sleep_for(20ms);  // all eight are connecting when the first fails
    return store_unavailable("fake store down");
  };
  ConnectionPool<FakeConnection> pool("fake", options(8), slow_refusal);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) threads.emplace_back([&] { (void)pool.acquire(); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(store.attempts, 8);
  // One failure's worth of back-off (50 ms), not 8 doublings up to the 200 ms maximum.
  std::this_thread::sleep_for(80ms);
  (void)pool.acquire();
  EXPECT_EQ(store.attempts, 9);
}

TEST(ConnectionPool, DiscardingALeaseClosesTheIdleSiblingsToo) {
  Store store;
  ConnectionPool<FakeConnection> pool("fake", options(3), store.connect());
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    auto c = pool.acquire();
    ASSERT_TRUE(a && b && c);
    auto idle1 = std::move(*a);
    auto idle2 = std::move(*b);
  }  // a and b back to idle
  auto broken = pool.acquire();
  ASSERT_TRUE(broken.has_value());
  broken->discard();
  const int before = store.attempts;
  auto fresh = pool.acquire();
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(store.attempts, before + 1);  // a new connection, not a stale idle one
}

TEST(ConnectionPool, ManyThreadsNeverHoldMoreConnectionsThanItsSize) {
  Store store;
  ConnectionPool<FakeConnection> pool("fake", options(3), store.connect());
  std::atomic<int> in_use{0};
  std::atomic<int> peak{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto lease = pool.acquire();
        if (!lease) continue;
        const int now = ++in_use;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {}
        --in_use;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(peak.load(), 3);
  EXPECT_LE(store.attempts.load(), 3);
}

}  // namespace
}  // namespace fapid::storage
