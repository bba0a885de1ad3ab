#pragma once
// hiredis 0.14 writes with write(2), not send(MSG_NOSIGNAL): writing to a connection that the server
// closed and reset (a restart, a crash) raises SIGPIPE, which kills the process by default. Like libpq,
// block SIGPIPE in the calling thread around a command and swallow one it raised, rather than require
// every program that links us to ignore SIGPIPE (tests/storage/redis: ...ResetIsUnavailableNotASigpipe).
#include <pthread.h>
#include <signal.h>

#include <ctime>

namespace fapid::storage {

// A SIGPIPE that was already pending when the guard began is left alone: it is not ours.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &block, &saved_);
    was_pending_ = sigpipe_pending();
  }
  ~SigpipeGuard() {
    if (!was_pending_ && sigpipe_pending()) {
      sigset_t only;
      sigemptyset(&only);
      sigaddset(&only, SIGPIPE);
      const timespec no_wait{0, 0};
      sigtimedwait(&only, nullptr, &no_wait);
    }
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  static bool sigpipe_pending() {
    sigset_t pending;
    sigemptyset(&pending);
    return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
  }
  sigset_t saved_;
  bool was_pending_ = false;
};

}  // namespace fapid::storage
