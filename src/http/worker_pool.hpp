#pragma once
// A fixed set of threads with a bounded queue for work that may block (storage, outbound HTTP).
// When the queue is full try_post refuses instead of queueing forever: the server answers 503 with
// Retry-After (DESIGN.md, Request pipeline).
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fapid::http {

class WorkerPool {
 public:
  WorkerPool(unsigned threads, std::size_t max_queue);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False if the queue is full or the pool is stopping; the task is then not run.
  [[nodiscard]] bool try_post(std::function<void()> task);
  // Refuses new work, runs everything already queued, then joins. Idempotent.
  void stop();
  std::size_t queue_depth() const;

 private:
  void run();

  const std::size_t max_queue_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace fapid::http
