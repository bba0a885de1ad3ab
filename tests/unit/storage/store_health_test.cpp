#include "storage/store_health.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "storage/periodic_task.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {
namespace {

using namespace std::chrono_literals;

class SwitchableStore final : public Pingable {
 public:
  explicit SwitchableStore(std::string_view name) : name_(name) {}
  std::string_view name() const override { return name_; }
  Result<void> ping() override {
    ++pings;
    if (!up) return store_unavailable("connection refused");
    return {};
  }
  std::atomic<bool> up{true};
  std::atomic<int> pings{0};

 private:
  std::string_view name_;
};

TEST(StoreHealth, IsReadyOnlyWhileEveryStoreAnswers) {
  auto pg = std::make_shared<SwitchableStore>("postgres");
  auto redis = std::make_shared<SwitchableStore>("redis");
  StoreHealth health({pg, redis});
  EXPECT_TRUE(health.ready());
  redis->up = false;
  health.check();
  EXPECT_FALSE(health.ready());
  redis->up = true;
  health.check();
  EXPECT_TRUE(health.ready());
  pg->up = false;
  health.check();
  EXPECT_FALSE(health.ready());
}

TEST(PeriodicTask, RunsItsJobEveryIntervalAndStopsPromptly) {
  std::atomic<int> runs{0};
  const auto started = std::chrono::steady_clock::now();
  {
    PeriodicTask task("test-task", 20ms, [&] { ++runs; });
    std::this_thread::sleep_for(150ms);
  }
  const auto lasted = std::chrono::steady_clock::now() - started;
  EXPECT_GE(runs.load(), 3);
  EXPECT_LE(runs.load(), 8);
  EXPECT_LT(lasted, 400ms);  // the destructor does not wait for a full interval
  {
    PeriodicTask idle("idle-task", std::chrono::hours(1), [&] { ++runs; });
  }  // destroyed at once, never ran
}

}  // namespace
}  // namespace fapid::storage
