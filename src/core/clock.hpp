#pragma once
// Time is a port so expiry tests are deterministic (STYLE.md, Storage).
#include <chrono>

namespace fapid {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace fapid
