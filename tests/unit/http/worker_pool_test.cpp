#include "http/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace fapid::http {
namespace {

TEST(WorkerPool, RunsPostedTasks) {
  WorkerPool pool(2, 8);
  std::promise<int> p;
  ASSERT_TRUE(pool.try_post([&] { p.set_value(42); }));
  EXPECT_EQ(p.get_future().get(), 42);
}

TEST(WorkerPool, RefusesWhenTheQueueIsFull) {
  WorkerPool pool(1, 2);
  std::promise<void> gate;
  auto opened = gate.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.try_post([&, opened] { started.set_value(); opened.wait(); }));
  started.get_future().wait();  // the only thread is busy
  EXPECT_TRUE(pool.try_post([] {}));
  EXPECT_TRUE(pool.try_post([] {}));
  EXPECT_EQ(pool.queue_depth(), 2u);
  EXPECT_FALSE(pool.try_post([] {}));  // bounded: refused, not queued
  gate.set_value();
}

TEST(WorkerPool, StopDrainsQueuedWorkThenRefuses) {
  std::atomic<int> done{0};
  WorkerPool pool(1, 100);
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(pool.try_post([&] {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      ++done;
    }));
  pool.stop();
  EXPECT_EQ(done.load(), 50);
  EXPECT_FALSE(pool.try_post([] {}));
  pool.stop();  // idempotent
}

TEST(WorkerPool, ATaskThatThrowsDoesNotKillItsThread) {
  WorkerPool pool(1, 4);
  ASSERT_TRUE(pool.try_post([] { throw std::runtime_error("bug"); }));
  std::promise<void> p;
  ASSERT_TRUE(pool.try_post([&] { p.set_value(); }));
  EXPECT_EQ(p.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

}  // namespace
}  // namespace fapid::http
