#pragma once
// The server's clock in test builds: system time plus an offset that only moves forward, advanced by
// POST <issuer>/test/clock, so tests can cross hour-long deadlines (the 60-minute consent window, a
// consent's expirationDateTime) without waiting for them. Never linked into a release build.
#include <atomic>
#include <cstdint>

#include "core/clock.hpp"

namespace fapid::fapi {

class TestClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now() + std::chrono::seconds(offset_seconds_.load());
  }
  void advance(std::chrono::seconds by) { offset_seconds_ += by.count(); }
  std::chrono::seconds offset() const { return std::chrono::seconds(offset_seconds_.load()); }

 private:
  std::atomic<std::int64_t> offset_seconds_{0};
};

}  // namespace fapid::fapi
