#include "storage/sqlite/sqlite_ttl_store.hpp"

#include <thread>

#include "storage/limits.hpp"
#include "storage/sqlite/replay_slots.hpp"

namespace fapid::storage {

using sqlite::SqliteConnection;
using sqlite::to_millis;

namespace {

// Every statement names its parameters in the order they are bound: kind, key, then the rest.
// A live entry is one with expires_at > now.
constexpr std::string_view kPut =
    "INSERT INTO ttl_entries (kind, key, value, expires_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at";
// The conflicting row is replaced only when it has expired; changes() tells whether anything was
// written. The write lock makes concurrent callers take turns, so exactly one sees no live row.
constexpr std::string_view kPutIfAbsent =
    "INSERT INTO ttl_entries (kind, key, value, expires_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at "
    "WHERE ttl_entries.expires_at <= ?5";
constexpr std::string_view kGet = "SELECT value FROM ttl_entries WHERE kind = ?1 AND key = ?2 AND expires_at > ?3";
constexpr std::string_view kConsume =
    "DELETE FROM ttl_entries WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 RETURNING value";
constexpr std::string_view kErase = "DELETE FROM ttl_entries WHERE kind = ?1 AND key = ?2";
// A fixed window from the first increment: an expired counter restarts at 1 with a new window. SET
// expressions all read the row as it was, so the second CASE still sees the old expires_at.
constexpr std::string_view kIncrement =
    "INSERT INTO ttl_entries (kind, key, value, expires_at) VALUES (?1, ?2, 1, ?3) "
    "ON CONFLICT (kind, key) DO UPDATE SET "
    "value = CASE WHEN ttl_entries.expires_at <= ?4 THEN 1 ELSE ttl_entries.value + 1 END, "
    "expires_at = CASE WHEN ttl_entries.expires_at <= ?4 THEN excluded.expires_at ELSE ttl_entries.expires_at END "
    "RETURNING value";
// In chunks with pauses, like every sweep of the embedded store (group_commit.hpp, kSweepChunk), so a sweep
// of tens of thousands of rows never holds the one writer for long (it stalled tokens for seconds).
constexpr std::string_view kSweep =
    "DELETE FROM ttl_entries WHERE rowid IN (SELECT rowid FROM ttl_entries WHERE expires_at <= ?1 LIMIT ?2)";
constexpr std::string_view kPing = "SELECT 1";

// Runs a write with no rows and reports how many rows it changed.
Result<std::int64_t> write(SqliteConnection& conn, sqlite::Statement& statement) {
  if (auto done = statement.finish(); !done) return done.error();
  return conn.changes();
}

// Reads the blob in the first column of the only row, if there is one.
Result<std::optional<std::string>> optional_value(sqlite::Statement& statement) {
  auto row = statement.step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  std::optional<std::string> value = statement.column_blob(0);
  if (auto done = statement.finish(); !done) return done.error();  // a DELETE completes here: report its failure
  return value;
}

}  // namespace

SqliteTtlStore::SqliteTtlStore(std::shared_ptr<SqliteDatabase> database, const Clock& clock)
    : database_(std::move(database)), clock_(clock) {}

Result<bool> SqliteTtlStore::put_if_absent(TtlKind kind, std::string_view key, std::string_view value,
                                           std::chrono::milliseconds ttl) {
  return database_->write("ttl put_if_absent", [&](SqliteConnection& conn) -> Result<bool> {
    return put_if_absent_in(conn, kind, key, value, ttl);
  });
}

Result<bool> SqliteTtlStore::put_if_absent_in(SqliteConnection& conn, TtlKind kind, std::string_view key,
                                              std::string_view value, std::chrono::milliseconds ttl) {
  if (auto ok = check_ttl_entry(key, value); !ok) return ok.error();
  const auto now = clock_.now();
  if (sqlite::is_replay_kind(kind)) {
    auto live = sqlite::find_live_replay_entry(conn, to_string(kind), key, now);
    if (!live) return live.error();
    if (*live) return false;
    if (ttl <= sqlite::kReplaySlotMaxTtl) {
      if (auto stored = sqlite::store_in_replay_slot(conn, sqlite::replay_slot_at(now), to_string(kind), key, value,
                                                     now + ttl);
          !stored)
        return stored.error();
      return true;
    }
  }
  auto st = conn.prepare(kPutIfAbsent, "ttl put_if_absent");
  if (!st) return st.error();
  st->text(to_string(kind)).blob(key).blob(value).time(now + ttl).time(now);
  auto changed = write(conn, *st);
  if (!changed) return changed.error();
  return *changed == 1;
}

Result<void> SqliteTtlStore::put(TtlKind kind, std::string_view key, std::string_view value,
                                 std::chrono::milliseconds ttl) {
  if (auto ok = check_ttl_entry(key, value); !ok) return ok.error();
  const auto now = clock_.now();
  return database_->write("ttl put", [&](SqliteConnection& conn) -> Result<void> {
    if (auto erased = erase_from_slots(conn, kind, key); !erased) return erased.error();
    auto st = conn.prepare(kPut, "ttl put");
    if (!st) return st.error();
    return st->text(to_string(kind)).blob(key).blob(value).time(now + ttl).finish();
  });
}

Result<std::optional<std::string>> SqliteTtlStore::get(TtlKind kind, std::string_view key) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  const auto now = clock_.now();
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::optional<std::string>> {
    if (sqlite::is_replay_kind(kind)) return sqlite::find_live_replay_entry(conn, to_string(kind), key, now);
    auto st = conn.prepare(kGet, "ttl get");
    if (!st) return st.error();
    return optional_value(st->text(to_string(kind)).blob(key).time(now));
  });
}

Result<std::optional<std::string>> SqliteTtlStore::consume(TtlKind kind, std::string_view key) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  const auto now = clock_.now();
  return database_->write("ttl consume", [&](SqliteConnection& conn) -> Result<std::optional<std::string>> {
    auto st = conn.prepare(kConsume, "ttl consume");
    if (!st) return st.error();
    auto value = optional_value(st->text(to_string(kind)).blob(key).time(now));
    if (!value || *value || !sqlite::is_replay_kind(kind)) return value;
    return sqlite::consume_from_replay_slots(conn, to_string(kind), key, now);
  });
}

Result<void> SqliteTtlStore::erase(TtlKind kind, std::string_view key) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  return database_->write("ttl erase", [&](SqliteConnection& conn) -> Result<void> {
    if (auto erased = erase_from_slots(conn, kind, key); !erased) return erased.error();
    auto st = conn.prepare(kErase, "ttl erase");
    if (!st) return st.error();
    return st->text(to_string(kind)).blob(key).finish();
  });
}

Result<std::uint64_t> SqliteTtlStore::increment(TtlKind kind, std::string_view key, std::chrono::milliseconds window) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  const auto now = clock_.now();
  return database_->write("ttl increment", [&](SqliteConnection& conn) -> Result<std::uint64_t> {
    if (auto erased = erase_from_slots(conn, kind, key); !erased) return erased.error();
    auto st = conn.prepare(kIncrement, "ttl increment");
    if (!st) return st.error();
    auto row = st->text(to_string(kind)).blob(key).time(now + window).time(now).step();
    if (!row) return row.error();
    const auto count = *row ? st->column_integer(0) : 0;
    if (auto done = st->finish(); !done) return done.error();
    return static_cast<std::uint64_t>(count);
  });
}

Result<std::size_t> SqliteTtlStore::sweep_expired() {
  const auto now = clock_.now();
  std::size_t total = 0;
  for (;;) {
    auto chunk = database_->write("ttl sweep_expired", [&](SqliteConnection& conn) -> Result<std::int64_t> {
      auto st = conn.prepare(kSweep, "ttl sweep_expired");
      if (!st) return st.error();
      return write(conn, st->time(now).integer(sqlite::kSweepChunk));
    });
    if (!chunk) return chunk.error();
    total += static_cast<std::size_t>(*chunk);
    if (*chunk < sqlite::kSweepChunk) break;
    std::this_thread::sleep_for(sqlite::kSweepPause);
  }
  for (int slot = 0; slot < sqlite::kReplaySlots; ++slot) {
    auto emptied = database_->write("ttl sweep_expired", [&](SqliteConnection& conn) -> Result<std::int64_t> {
      return sqlite::empty_expired_replay_slot(conn, slot, now);
    });
    if (!emptied) return emptied.error();
    total += static_cast<std::size_t>(*emptied);
  }
  return total;
}

// Only replay kinds are ever stored in the slots: other kinds skip the statements.
Result<void> SqliteTtlStore::erase_from_slots(SqliteConnection& conn, TtlKind kind, std::string_view key) {
  if (!sqlite::is_replay_kind(kind)) return {};
  return sqlite::erase_from_replay_slots(conn, to_string(kind), key);
}

Result<void> SqliteTtlStore::ping() {
  return database_->with_connection([&](SqliteConnection& conn) -> Result<void> {
    auto st = conn.prepare(kPing, "ping");
    if (!st) return st.error();
    return st->finish();
  });
}

}  // namespace fapid::storage
