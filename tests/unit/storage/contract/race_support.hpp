#pragma once
// Races for the contract suites: many threads in this process, or several forked processes each with
// its own connections, all trying the same single-use operation at once.
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace fapid::storage::testing {

// Runs `attempt` on `threads` threads released together; returns how many returned true.
inline int count_thread_wins(int threads, const std::function<bool()>& attempt) {
  std::atomic<bool> go{false};
  std::atomic<int> wins{0};
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&] {
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      if (attempt()) wins.fetch_add(1);
    });
  }
  go.store(true, std::memory_order_release);
  for (auto& t : pool) t.join();
  return wins.load();
}

// Forks `processes` children; each runs `child_wins()` (which opens its own store and races inside
// the child) and reports its number of wins through a pipe. Returns the total, or -1 if a child
// failed to report (crashed, or returned a negative count for an error).
inline int count_process_wins(int processes, const std::function<int()>& child_wins) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  std::vector<pid_t> children;
  for (int i = 0; i < processes; ++i) {
    const pid_t pid = fork();
    if (pid < 0) break;  // the children already started are still reaped below; the count fails
    if (pid == 0) {
      close(fds[0]);
      const std::int32_t wins = child_wins();
      const ssize_t written = write(fds[1], &wins, sizeof wins);
      _exit(written == sizeof wins ? 0 : 1);  // no atexit handlers, no gtest teardown in the child
    }
    children.push_back(pid);
  }
  close(fds[1]);
  int total = 0;
  int reports = 0;
  std::int32_t wins = 0;
  while (read(fds[0], &wins, sizeof wins) == sizeof wins) {
    ++reports;
    if (wins < 0) total = -1000000;
    total += wins;
  }
  close(fds[0]);
  bool clean = true;
  for (const pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    clean = clean && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  return clean && reports == processes && total >= 0 ? total : -1;
}

}  // namespace fapid::storage::testing
