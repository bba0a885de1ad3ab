// Redis restarts under load (ATTACKS R01-R03): every failure meanwhile is temporarily_unavailable / 503,
// never server_error; the store answers again within 5 s of Redis being back, with no help; and a code
// consumed before the restart stays consumed after it (a graceful shutdown flushes the AOF).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "redis_test_support.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kThreads = 8;

struct Outcome {
  Clock::time_point at;
  bool ok;
};

struct Consumed {
  std::string key;
  Clock::time_point at;
};

// One client thread's record: every operation's outcome, the codes it consumed, what went wrong.
struct Worker {
  std::vector<Outcome> outcomes;
  std::vector<Consumed> consumed;
  std::vector<std::string> wrong_errors;  // failures other than temporarily_unavailable / 503
  int vanished = 0;                       // stored (acknowledged), then not there to consume
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

TEST(RedisRestart, FailsAsUnavailableDuringARestartRecoversAndNeverServesAConsumedCodeAgain) {
  auto options = test_redis_options(unique_prefix());
  ASSERT_TRUE(options);
  RedisTtlStore store(*options);
  ASSERT_TRUE(store.ping().has_value()) << "Redis must be up before the restart test";

  std::atomic<bool> stop{false};
  std::atomic<Clock::rep> last_failure{0};
  std::vector<Worker> workers(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Worker& w = workers[static_cast<std::size_t>(t)];
      const auto note = [&](const auto& result) {
        const auto now = Clock::now();
        w.outcomes.push_back({now, result.has_value()});
        if (result.has_value()) return;
        last_failure = now.time_since_epoch().count();
        const auto& e = result.error();
        if ((e.code != ErrorCode::temporarily_unavailable || e.status != 503) && w.wrong_errors.size() < 10)
          w.wrong_errors.push_back(std::string(to_string(e.code)) + " " + std::to_string(e.status) + ": " + e.detail);
      };
      for (int n = 0; !stop; ++n) {
        const std::string key = "restart-" + std::to_string(t) + "-" + std::to_string(n);
        auto put = store.put(TtlKind::authorization_code, key, "grant", 60s);
        note(put);
        if (put) {
          auto got = store.consume(TtlKind::authorization_code, key);
          note(got);
          if (got && *got) w.consumed.push_back({key, Clock::now()});
          if (got && !*got) ++w.vanished;
        }
        std::this_thread::sleep_for(500us);  // a busy server's pace, not a spin loop
      }
    });
  }

  const auto started = Clock::now();
  std::this_thread::sleep_for(1500ms);
  const auto restart_began = Clock::now();
  const int rc = std::system(FAPID_SOURCE_DIR "/scripts/services.sh restart-redis");
  const auto restart_ended = Clock::now();
  EXPECT_EQ(rc, 0) << "scripts/services.sh restart-redis failed";
  // Run until 1 s without failures (and at least 6 s in all), or give up 5.5 s after the restart.
  for (;;) {
    std::this_thread::sleep_for(50ms);
    const auto now = Clock::now();
    const auto quiet = now - Clock::time_point(Clock::duration(last_failure.load()));
    if (now - restart_ended > 5500ms) break;
    if (now - started >= 6s && now - restart_ended >= 1s && quiet >= 1s) break;
  }
  stop = true;
  for (auto& th : threads) th.join();

  std::size_t operations = 0, failures = 0, successes_after_last_failure = 0;
  int vanished = 0;
  Clock::time_point first_failed = Clock::time_point::max(), last_failed = Clock::time_point::min();
  for (const auto& w : workers) {
    for (const auto& o : w.outcomes) {
      ++operations;
      if (o.ok) continue;
      ++failures;
      first_failed = std::min(first_failed, o.at);
      last_failed = std::max(last_failed, o.at);
    }
    for (const auto& e : w.wrong_errors) ADD_FAILURE() << "not a 503 during the restart: " << e;
    vanished += w.vanished;
  }
  for (const auto& w : workers)
    for (const auto& o : w.outcomes) successes_after_last_failure += o.ok && o.at > last_failed;

  ASSERT_GT(failures, 0u) << "no operation saw the restart: the test did not test anything";
  const auto recovery = std::max(Clock::duration::zero(), last_failed - restart_ended);
  EXPECT_LT(recovery, 5s) << "R03: recovery within 5 s";
  EXPECT_GT(successes_after_last_failure, 0u) << "never recovered";

  // Replay every code consumed, before and during the restart: none may come back (R02).
  std::vector<const Consumed*> all;
  for (const auto& w : workers)
    for (const auto& c : w.consumed) all.push_back(&c);
  std::atomic<std::size_t> next{0}, replayed{0}, errors{0};
  std::vector<std::thread> checkers;
  for (int t = 0; t < kThreads; ++t) {
    checkers.emplace_back([&] {
      for (std::size_t i = next++; i < all.size(); i = next++) {
        auto again = store.consume(TtlKind::authorization_code, all[i]->key);
        if (!again) ++errors;
        else if (*again) ++replayed;
      }
    });
  }
  for (auto& th : checkers) th.join();
  std::size_t consumed_before_restart = 0;
  for (const auto* c : all) consumed_before_restart += c->at < restart_began;
  EXPECT_EQ(errors.load(), 0u);
  EXPECT_EQ(replayed.load(), 0u) << "codes consumed before the restart were served again";

  std::cout << "[ figures  ] restart-redis took " << seconds(restart_ended - restart_began) << " s; failures from "
            << seconds(first_failed - restart_began) << " s to " << seconds(last_failed - restart_began)
            << " s after it began (outage seen by clients " << seconds(last_failed - first_failed) << " s); "
            << failures << " x 503 of " << operations << " operations; recovered "
            << seconds(recovery) << " s after the restart finished; " << all.size() << " codes consumed ("
            << consumed_before_restart << " before the restart), " << replayed.load() << " replayed; " << vanished
            << " acknowledged puts not found by the following consume\n";
  RecordProperty("restart_seconds", std::to_string(seconds(restart_ended - restart_began)));
  RecordProperty("unavailable_count", static_cast<int>(failures));
  RecordProperty("recovery_seconds", std::to_string(seconds(recovery)));
}

}  // namespace
}  // namespace fapid::storage::testing
