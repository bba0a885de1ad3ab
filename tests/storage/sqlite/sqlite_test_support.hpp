#pragma once
// What the SQLite tests share: the contract-suite factory (tests/unit/storage/contract/README.md), a
// clock the test moves by hand, a raw connection for looking at the file behind the adapter's back, and
// a way to make concurrent writes share one write batch.
#include <sqlite3.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/consent_repository.hpp"
#include "storage/grant_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_options.hpp"
#include "storage/ttl_store.hpp"
#include "storage/user_repository.hpp"

namespace fapid::storage::testing {

// A new, not yet existing file path under this process's temporary directory (made with mkdtemp).
std::string fresh_sqlite_path();

struct SqliteFactory {
  static std::string fresh_backing() { return fresh_sqlite_path(); }
  // Each call opens its own SqliteDatabase, so a forked child never touches the parent's connections.
  static std::shared_ptr<TtlStore> open_ttl(const std::string& backing);
  static std::shared_ptr<GrantRepository> open_grants(const std::string& backing);
  static std::shared_ptr<AuditLog> open_audit(const std::string& backing);
  static std::shared_ptr<UserRepository> open_users(const std::string& backing);
  static std::shared_ptr<ConsentRepository> open_consents(const std::string& backing);
  // On a fresh file whose write lock another connection holds for the repository's lifetime, with a
  // short busy timeout: every write fails as when another process keeps the file locked too long.
  static std::shared_ptr<UserRepository> open_unavailable_users();
  static std::shared_ptr<ConsentRepository> open_unavailable_consents();
};

class FakeClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return now_; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::now();
};

// Runs each of `calls` (each making one write through `database`) on its own thread while a write of
// the test's keeps the writer busy, waits until all their writes are queued, then lets the writer go:
// they run as one write batch, which commits once. False when they did not all queue within 10 s.
bool run_as_one_batch(SqliteDatabase& database, const std::vector<std::function<void()>>& calls);

// A plain sqlite3 connection to `path`, closed on destruction.
struct RawDb {
  explicit RawDb(const std::string& path);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  // The first column of the first row as text; "" when there is no row, "error: ..." on failure.
  std::string text(const std::string& sql);
  int exec(const std::string& sql);  // the SQLite result code
  sqlite3* db = nullptr;
};

}  // namespace fapid::storage::testing
