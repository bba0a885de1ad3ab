#pragma once
// TtlStore on SQLite (DESIGN.md, Storage): one table keyed by (kind, key), and the replay caches of
// `jti`s in slots of their own (replay_slots.hpp). Expiry is a column checked by every read against
// the injected clock, so an expired entry is invisible at once; sweep_expired only reclaims the space.
// Each single-use step runs inside one write transaction (DELETE ... RETURNING, an upsert whose update
// is conditional, a jti's check and store), so the write lock makes it atomic across threads and
// processes sharing the file.
#include <cstddef>
#include <memory>

#include "core/clock.hpp"
#include "storage/health.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::storage {

class SqliteTtlStore final : public TtlStore, public Pingable {
 public:
  // `clock` must outlive the store.
  SqliteTtlStore(std::shared_ptr<SqliteDatabase> database, const Clock& clock);

  Result<bool> put_if_absent(TtlKind kind, std::string_view key, std::string_view value,
                             std::chrono::milliseconds ttl) override;
  Result<void> put(TtlKind kind, std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  Result<std::optional<std::string>> get(TtlKind kind, std::string_view key) override;
  Result<std::optional<std::string>> consume(TtlKind kind, std::string_view key) override;
  Result<void> erase(TtlKind kind, std::string_view key) override;
  Result<std::uint64_t> increment(TtlKind kind, std::string_view key, std::chrono::milliseconds window) override;

  // put_if_absent as part of a write already running on `conn`, a connection to this store's database
  // (SqliteGrantRepository::create_grant_once).
  Result<bool> put_if_absent_in(sqlite::SqliteConnection& conn, TtlKind kind, std::string_view key,
                                std::string_view value, std::chrono::milliseconds ttl);
  bool stored_in(const SqliteDatabase& database) const { return database_.get() == &database; }

  // Deletes the expired entries; returns how many. The periodic sweeper calls it.
  Result<std::size_t> sweep_expired();

  std::string_view name() const override { return "sqlite"; }
  Result<void> ping() override;

 private:
  // put, erase and increment keep at most one entry under a key: one in a replay slot goes first.
  static Result<void> erase_from_slots(sqlite::SqliteConnection& conn, TtlKind kind, std::string_view key);

  std::shared_ptr<SqliteDatabase> database_;
  const Clock& clock_;
};

}  // namespace fapid::storage
