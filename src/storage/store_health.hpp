#pragma once
// Whether every store answers, for /readyz (issue 3: not ready while a store is unreachable). Probes
// run on their own thread, so a readiness request never waits on a store; a change of state is logged
// once, with the store's name and the reason, not once per probe.
#include <atomic>
#include <memory>
#include <vector>

#include "storage/health.hpp"

namespace fapid::storage {

class StoreHealth {
 public:
  explicit StoreHealth(std::vector<std::shared_ptr<Pingable>> stores);

  // Pings every store once and records the outcome; the PeriodicTask calls this.
  void check();
  // True when the last check of every store succeeded (and before the first check: the stores were
  // reachable at start, or the server would not have started).
  bool ready() const;

 private:
  struct Probe {
    std::shared_ptr<Pingable> store;
    std::atomic<bool> up{true};
  };
  std::vector<std::unique_ptr<Probe>> probes_;
};

}  // namespace fapid::storage
