#pragma once
// A bounded pool of connections to a network store (PostgreSQL, Redis), shared by the worker threads.
// When the store goes away the pool fails fast with store_unavailable instead of queueing callers
// behind connect timeouts, and reconnects with exponential back-off, so the server recovers by itself
// when the store returns (issue 3) without hammering it meanwhile.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

struct PoolOptions {
  std::size_t size = 8;
  std::chrono::milliseconds acquire_timeout{2000};  // waiting for a busy pool
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
};

template <class Conn>
class ConnectionPool {
 public:
  using Connect = std::function<Result<std::unique_ptr<Conn>>()>;
  using SteadyClock = std::chrono::steady_clock;

  // A connection on loan. Its destructor returns it; discard() says it is broken, which closes it and
  // every idle sibling (they share its fate: the store restarted or the network went away).
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (pool_) pool_->give_back(std::move(conn_));
    }
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_.get(); }
    void discard() {
      if (pool_) pool_->discard(std::move(conn_));
      pool_ = nullptr;
    }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    ConnectionPool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  ConnectionPool(std::string name, PoolOptions options, Connect connect)
      : name_(std::move(name)), options_(options), connect_(std::move(connect)), backoff_(options.min_backoff) {}

  // Every lease must have ended before the pool does.
  ~ConnectionPool() = default;
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  Result<Lease> acquire() {
    std::unique_lock lock(mutex_);
    const bool ready = available_.wait_for(lock, options_.acquire_timeout,
                                           [&] { return !idle_.empty() || open_ < options_.size; });
    if (!ready) return store_unavailable(name_ + ": every connection is busy");
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    if (SteadyClock::now() < next_attempt_) return store_unavailable(name_ + ": unreachable, waiting to reconnect");
    ++open_;
    lock.unlock();
    auto conn = connect_();
    lock.lock();
    if (!conn) {
      --open_;
      // Threads that were connecting at once fail together: that is one failed attempt, not several,
      // so only the first of them lengthens the back-off.
      if (const auto now = SteadyClock::now(); now >= next_attempt_) {
        next_attempt_ = now + backoff_;
        backoff_ = std::min(options_.max_backoff, backoff_ * 2);
      }
      available_.notify_one();
      return conn.error();
    }
    backoff_ = options_.min_backoff;
    next_attempt_ = {};
    return Lease(this, std::move(*conn));
  }

 private:
  void give_back(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(conn));
    }
    available_.notify_one();
  }

  void discard(std::unique_ptr<Conn> conn) {
    std::vector<std::unique_ptr<Conn>> closing;
    {
      std::lock_guard lock(mutex_);
      closing.swap(idle_);
      open_ -= closing.size() + 1;
    }
    available_.notify_all();
    conn.reset();  // closed outside the lock: closing a socket may block
  }

  const std::string name_;
  const PoolOptions options_;
  const Connect connect_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Conn>> idle_;
  std::size_t open_ = 0;  // idle + leased + being connected
  std::chrono::milliseconds backoff_;
  SteadyClock::time_point next_attempt_{};
};

}  // namespace fapid::storage
