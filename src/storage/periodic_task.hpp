#pragma once
// A background thread that runs one job every `interval` until destroyed. Used for store probes and
// for sweeping expired rows; the destructor wakes and joins it, so shutdown never waits an interval.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace fapid::storage {

class PeriodicTask {
 public:
  // The first run happens after one interval; `job` must not throw.
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> job);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  void loop();

  const std::string name_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> job_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace fapid::storage
