#pragma once
// Group commit for the one writer SQLite allows per file. With synchronous=FULL every COMMIT costs an
// fsync, so writes committed one by one are capped at one fsync each whatever the CPU could do.
// Concurrent writes are queued instead; the first caller that finds no batch running becomes the
// leader and runs every queued write (up to kMaxBatch) in one BEGIN IMMEDIATE ... COMMIT on the writer
// connection, each between SAVEPOINT and RELEASE so a failing write is undone alone. Callers wake only
// after that COMMIT has returned, so a write is durable when its caller sees it succeed.
//
// Leader/follower rather than a writer thread: no thread to start, stop or fork around, no hand-off
// when writes do not overlap (the caller runs its own write), and no queued write can outlive the
// object, since every queued write belongs to a caller still blocked in submit().
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include "core/result.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace fapid::storage::sqlite {

// How a sweep of expired rows shares the one writer with the requests: at most kSweepChunk rows per write,
// and a pause of kSweepPause after each full chunk, so most group commits carry no sweep work at all.
// Deleting a row costs about 0.1 ms here (cold B-tree pages, WAL frames), and a batch that carries a
// chunk makes every token in it wait for that chunk: one 30,000-row write, and then 256-row chunks back
// to back, made token requests wait for seconds once a minute under bench/soak.
inline constexpr std::int64_t kSweepChunk = 64;
inline constexpr std::chrono::milliseconds kSweepPause{10};

// One caller's write while it waits for its batch. Lives on the caller's stack until submit() returns.
class PendingWrite {
 public:
  explicit PendingWrite(std::string_view operation) : operation_(operation) {}
  PendingWrite(const PendingWrite&) = delete;
  PendingWrite& operator=(const PendingWrite&) = delete;
  std::string_view operation() const { return operation_; }

 protected:
  virtual ~PendingWrite() = default;

 private:
  friend class GroupCommit;
  // Runs the work on the batch's connection: true when it returned a value (its changes are kept),
  // false when it returned an error (its changes are rolled back to its savepoint).
  virtual bool run(SqliteConnection& conn) = 0;
  // Replaces the outcome: the work did not run, or its changes were rolled back with the batch.
  virtual void fail(OAuthError error) = 0;
  // Clears the outcome when even making an error failed: take() then reports lost_outcome().
  virtual void forget() noexcept = 0;

  std::string_view operation_;
  // The rest is guarded by GroupCommit's mutex while queued, then owned by the leader until done_.
  PendingWrite* next_ = nullptr;  // the queue and the batches are intrusive lists: queueing never allocates
  bool succeeded_ = false;        // run() returned a value and no rollback has undone it since
  bool done_ = false;             // the outcome is final: the caller may return
  std::condition_variable wake_;  // done_, or the lead is free
};

// The error of a write whose outcome was never set (an exception while reporting another error).
OAuthError lost_outcome(std::string_view operation);

// `work(conn)` returning R (a Result), as a PendingWrite.
template <class R, class Work>
class QueuedWrite final : public PendingWrite {
 public:
  QueuedWrite(std::string_view operation, Work& work) : PendingWrite(operation), work_(work) {}
  R take() && { return outcome_ ? std::move(*outcome_) : R(lost_outcome(operation())); }

 private:
  bool run(SqliteConnection& conn) override {
    outcome_.emplace(work_(conn));
    return outcome_->has_value();
  }
  void fail(OAuthError error) override { outcome_.emplace(std::move(error)); }
  void forget() noexcept override { outcome_.reset(); }

  Work& work_;
  std::optional<R> outcome_;
};

class GroupCommit {
 public:
  static constexpr std::size_t kMaxBatch = 256;  // bounds how long one leader keeps its own caller waiting
  using Connect = std::function<Result<std::unique_ptr<SqliteConnection>>()>;

  // `writer` may be null: a connection is opened with `connect` on first use, and again after one was
  // dropped for being left inside a transaction.
  GroupCommit(Connect connect, std::unique_ptr<SqliteConnection> writer);
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Returns once `write` has its final outcome: committed, or failed with nothing of it kept. A write
  // that submits another write from inside its work fails instead of waiting for itself.
  void submit(PendingWrite& write);

  // Writes waiting for a batch right now, and transactions committed so far (writes / commits is the
  // number of writes that shared each fsync).
  std::size_t queued() const;
  std::uint64_t commits() const;

 private:
  void lead(std::unique_lock<std::mutex>& lock);
  // The leader's part, without the lock. Each returns or counts the transactions it committed.
  std::uint64_t run_batch(PendingWrite* batch) noexcept;
  PendingWrite* run_transaction(PendingWrite* first, std::uint64_t& committed);
  Result<void> run_in_savepoint(SqliteConnection& conn, PendingWrite& write);
  static bool run_guarded(SqliteConnection& conn, PendingWrite& write) noexcept;
  void abandon(PendingWrite* first, PendingWrite* end, const OAuthError& cause);
  void end_transaction_or_drop();
  // Gives `write` the error `cause` under its own operation name, `why` appended when not empty.
  static void fail(PendingWrite& write, const OAuthError& cause, std::string_view why) noexcept;

  const Connect connect_;
  std::unique_ptr<SqliteConnection> writer_;  // used by the leader only
  mutable std::mutex mutex_;
  PendingWrite* head_ = nullptr;  // the queue, oldest first
  PendingWrite* tail_ = nullptr;
  std::size_t queued_ = 0;
  bool leading_ = false;  // a caller is running a batch
  std::uint64_t commits_ = 0;
};

}  // namespace fapid::storage::sqlite
