#include "sqlite_test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <latch>
#include <thread>

#include "storage/sqlite/sqlite_audit_log.hpp"
#include "storage/sqlite/sqlite_consent_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_grant_repository.hpp"
#include "storage/sqlite/sqlite_ttl_store.hpp"
#include "storage/sqlite/sqlite_user_repository.hpp"

namespace fapid::storage::testing {
namespace {

// Removed when the test process ends normally; forked children leave by _exit and never remove it.
class TempDir {
 public:
  TempDir() : owner_(getpid()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "fapid-sqlite-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (getpid() == owner_) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  pid_t owner_;
  std::string path_;
};

std::shared_ptr<SqliteDatabase> open_database(const std::string& path,
                                              std::chrono::milliseconds busy_timeout = SqliteOptions{}.busy_timeout) {
  auto database = SqliteDatabase::open(SqliteOptions{path, busy_timeout});
  if (!database) {
    std::cerr << "opening " << path << " failed: " << database.error().detail << "\n";
    return nullptr;
  }
  return *database;
}

// A migrated file whose write lock `holder` takes and keeps until destroyed (closing rolls back).
struct LockedDatabase {
  explicit LockedDatabase(const std::string& path)
      : database(open_database(path, std::chrono::milliseconds(100))), holder(path) {
    locked = holder.exec("BEGIN IMMEDIATE") == SQLITE_OK;
  }
  std::shared_ptr<SqliteDatabase> database;
  RawDb holder;
  bool locked = false;
};

template <class Port, class Adapter>
std::shared_ptr<Port> open_locked() {
  auto locked = std::make_shared<LockedDatabase>(fresh_sqlite_path());
  if (!locked->database || !locked->locked) return nullptr;
  struct Both {
    std::shared_ptr<LockedDatabase> lock;
    Adapter repo;
  };
  auto both = std::make_shared<Both>(Both{locked, Adapter(locked->database)});
  return std::shared_ptr<Port>(both, &both->repo);  // the repository keeps the lock holder alive
}

}  // namespace

std::string fresh_sqlite_path() {
  static const TempDir dir;
  static std::atomic<int> counter{0};
  return dir.path() + "/store-" + std::to_string(++counter) + ".db";
}

std::shared_ptr<TtlStore> SqliteFactory::open_ttl(const std::string& backing) {
  static const SystemClock clock;
  auto database = open_database(backing);
  return database ? std::make_shared<SqliteTtlStore>(database, clock) : nullptr;
}

std::shared_ptr<GrantRepository> SqliteFactory::open_grants(const std::string& backing) {
  auto database = open_database(backing);
  return database ? std::make_shared<SqliteGrantRepository>(database) : nullptr;
}

std::shared_ptr<AuditLog> SqliteFactory::open_audit(const std::string& backing) {
  auto database = open_database(backing);
  return database ? std::make_shared<SqliteAuditLog>(database) : nullptr;
}

std::shared_ptr<UserRepository> SqliteFactory::open_users(const std::string& backing) {
  auto database = open_database(backing);
  return database ? std::make_shared<SqliteUserRepository>(database) : nullptr;
}

std::shared_ptr<ConsentRepository> SqliteFactory::open_consents(const std::string& backing) {
  auto database = open_database(backing);
  return database ? std::make_shared<SqliteConsentRepository>(database) : nullptr;
}

std::shared_ptr<UserRepository> SqliteFactory::open_unavailable_users() {
  return open_locked<UserRepository, SqliteUserRepository>();
}

std::shared_ptr<ConsentRepository> SqliteFactory::open_unavailable_consents() {
  return open_locked<ConsentRepository, SqliteConsentRepository>();
}

bool run_as_one_batch(SqliteDatabase& database, const std::vector<std::function<void()>>& calls) {
  std::latch holding(1);
  std::latch release(1);
  std::thread holder([&] {
    (void)database.write("test hold", [&](sqlite::SqliteConnection&) -> Result<void> {
      holding.count_down();
      release.wait();
      return {};
    });
  });
  holding.wait();
  std::vector<std::thread> callers;
  for (const auto& call : calls) callers.emplace_back(call);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (database.queued_writes() < calls.size() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const bool queued = database.queued_writes() == calls.size();
  release.count_down();
  holder.join();
  for (auto& caller : callers) caller.join();
  return queued;
}

RawDb::RawDb(const std::string& path) {
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_busy_timeout(db, 5000);
}

RawDb::~RawDb() { sqlite3_close_v2(db); }

std::string RawDb::text(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return std::string("error: ") + sqlite3_errmsg(db);
  }
  std::string value;
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    value = text != nullptr ? text : "";
  } else if (rc != SQLITE_DONE) {
    value = std::string("error: ") + sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  return value;
}

int RawDb::exec(const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); }

}  // namespace fapid::storage::testing
