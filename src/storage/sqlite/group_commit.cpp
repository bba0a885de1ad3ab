#include "storage/sqlite/group_commit.hpp"

#include <exception>
#include <string>

#include "storage/store_error.hpp"

namespace fapid::storage::sqlite {
namespace {

constexpr std::string_view kBegin = "BEGIN IMMEDIATE";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
// One name for every write's savepoint: they are never nested in one another (WriteTransaction uses
// its own name inside them).
constexpr std::string_view kSavepoint = "SAVEPOINT batch_write";
constexpr std::string_view kRelease = "RELEASE batch_write";
constexpr std::string_view kRollbackTo = "ROLLBACK TO batch_write";

// The GroupCommit whose batch this thread is running, if any.
thread_local const GroupCommit* running_here = nullptr;

Result<void> run(SqliteConnection& conn, std::string_view sql, std::string_view operation) {
  auto statement = conn.prepare(sql, operation);
  if (!statement) return statement.error();
  return statement->finish();
}

const OAuthError& threw() {
  static const OAuthError error = store_fault("sqlite: the write threw an exception");
  return error;
}

}  // namespace

OAuthError lost_outcome(std::string_view operation) {
  return store_fault("sqlite: " + std::string(operation) + ": the write batch lost this write's outcome");
}

GroupCommit::GroupCommit(Connect connect, std::unique_ptr<SqliteConnection> writer)
    : connect_(std::move(connect)), writer_(std::move(writer)) {}

std::size_t GroupCommit::queued() const {
  const std::lock_guard lock(mutex_);
  return queued_;
}

std::uint64_t GroupCommit::commits() const {
  const std::lock_guard lock(mutex_);
  return commits_;
}

void GroupCommit::submit(PendingWrite& write) {
  if (running_here == this) {
    // The leader would wait for a batch only it can run.
    fail(write, store_fault("sqlite: a write was submitted from inside another write"), {});
    return;
  }
  std::unique_lock lock(mutex_);
  (tail_ != nullptr ? tail_->next_ : head_) = &write;
  tail_ = &write;
  ++queued_;
  for (;;) {
    write.wake_.wait(lock, [&] { return write.done_ || !leading_; });
    if (write.done_) return;
    // Not done and no batch running: `write` is still queued. It is in the batch this caller now
    // leads, unless more than kMaxBatch writes were queued before it; then it leads again.
    lead(lock);
  }
}

void GroupCommit::lead(std::unique_lock<std::mutex>& lock) {
  leading_ = true;
  PendingWrite* const batch = head_;
  PendingWrite* last = batch;
  std::size_t taken = 1;
  for (; taken < kMaxBatch && last->next_ != nullptr; ++taken) last = last->next_;
  head_ = last->next_;
  if (head_ == nullptr) tail_ = nullptr;
  last->next_ = nullptr;
  queued_ -= taken;

  lock.unlock();  // writes queued meanwhile form the next batch
  const std::uint64_t committed = run_batch(batch);
  lock.lock();

  commits_ += committed;
  for (PendingWrite* w = batch; w != nullptr;) {
    PendingWrite* const next = w->next_;
    w->done_ = true;  // its caller returns, and its PendingWrite ends, once this lock is released
    w->wake_.notify_one();
    w = next;
  }
  leading_ = false;
  // The oldest waiter leads next, with everything queued while this batch ran.
  if (head_ != nullptr) head_->wake_.notify_one();
}

std::uint64_t GroupCommit::run_batch(PendingWrite* batch) noexcept {
  running_here = this;
  std::uint64_t committed = 0;
  while (batch != nullptr) {
    PendingWrite* rest = nullptr;
    try {
      rest = run_transaction(batch, committed);
    } catch (...) {
      // Only this class's own bookkeeping can throw here (an allocation): works are guarded. Nothing
      // from `batch` on was committed; closing the connection rolls back what it had written.
      writer_.reset();
      for (PendingWrite* w = batch; w != nullptr; w = w->next_) fail(*w, threw(), "in the write batch");
    }
    batch = rest;
  }
  running_here = nullptr;
  return committed;
}

PendingWrite* GroupCommit::run_transaction(PendingWrite* first, std::uint64_t& committed) {
  if (!writer_) {
    auto opened = connect_();
    if (!opened) {
      for (PendingWrite* w = first; w != nullptr; w = w->next_) fail(*w, opened.error(), {});
      return nullptr;
    }
    writer_ = std::move(*opened);
  }
  // IMMEDIATE takes the write lock up front, waiting up to the busy timeout while another process
  // (the `fapid users` CLI) holds it. On failure no write of the batch has run.
  if (auto begun = run(*writer_, kBegin, "begin write batch"); !begun) {
    end_transaction_or_drop();
    for (PendingWrite* w = first; w != nullptr; w = w->next_) fail(*w, begun.error(), {});
    return nullptr;
  }
  for (PendingWrite* w = first; w != nullptr; w = w->next_) {
    if (auto kept = run_in_savepoint(*writer_, *w); !kept) {
      // The transaction is gone or cannot be trusted: what ran so far is rolled back and reported,
      // the writes after `w` go into a new transaction.
      abandon(first, w->next_, kept.error());
      return w->next_;
    }
  }
  if (auto done = run(*writer_, kCommit, "commit write batch"); !done) {
    end_transaction_or_drop();
    // Writes that failed on their own keep their own error; the others lost their changes with it.
    for (PendingWrite* w = first; w != nullptr; w = w->next_) {
      if (w->succeeded_) fail(*w, done.error(), {});
    }
    return nullptr;
  }
  ++committed;
  return nullptr;
}

Result<void> GroupCommit::run_in_savepoint(SqliteConnection& conn, PendingWrite& write) {
  if (auto saved = run(conn, kSavepoint, "savepoint in write batch"); !saved) {
    fail(write, saved.error(), {});
    return saved.error();
  }
  write.succeeded_ = run_guarded(conn, write);
  // A full disk or an I/O error makes SQLite roll back the whole transaction by itself, and with it
  // the writes of this batch that ran before this one.
  if (!conn.in_transaction()) {
    return store_unavailable("sqlite: write batch: SQLite ended the transaction while " + std::string(write.operation()) +
                             " ran");
  }
  if (write.succeeded_) return run(conn, kRelease, "release in write batch");
  // The write failed: undo only its changes, keeping those of the writes before it.
  if (auto undone = run(conn, kRollbackTo, "roll back to savepoint in write batch"); !undone) return undone.error();
  return run(conn, kRelease, "release in write batch");
}

bool GroupCommit::run_guarded(SqliteConnection& conn, PendingWrite& write) noexcept {
  // Works report failures as Result values; an exception is a bug, but it must cost only this write,
  // not the leader's thread nor the callers waiting on it. Unwinding has reset its statements.
  try {
    return write.run(conn);
  } catch (const std::exception& e) {
    fail(write, threw(), e.what());
  } catch (...) {
    fail(write, threw(), "not a std::exception");
  }
  return false;
}

void GroupCommit::abandon(PendingWrite* first, PendingWrite* end, const OAuthError& cause) {
  end_transaction_or_drop();
  for (PendingWrite* w = first; w != end; w = w->next_) {
    if (w->succeeded_) fail(*w, cause, "rolled back with its write batch");
  }
}

void GroupCommit::end_transaction_or_drop() {
  // Some failures have rolled the transaction back already. One left open would make every later
  // BEGIN fail, so a connection that cannot roll back is closed, which rolls back.
  if (!writer_ || !writer_->in_transaction()) return;
  if (auto rolled_back = run(*writer_, kRollback, "roll back write batch"); rolled_back && !writer_->in_transaction())
    return;
  writer_.reset();
}

void GroupCommit::fail(PendingWrite& write, const OAuthError& cause, std::string_view why) noexcept {
  write.succeeded_ = false;
  try {
    // The cause's code; its detail under the write's own operation, so the log names the call.
    constexpr std::string_view kPrefix = "sqlite: ";
    std::string_view tail = cause.detail;
    if (tail.substr(0, kPrefix.size()) == kPrefix) tail.remove_prefix(kPrefix.size());
    OAuthError error = cause;
    error.detail = std::string(kPrefix).append(write.operation()).append(": ").append(tail);
    if (!why.empty()) error.detail.append(" (").append(why).append(")");
    write.fail(std::move(error));
  } catch (...) {
    write.forget();  // its caller gets lost_outcome()
  }
}

}  // namespace fapid::storage::sqlite
