#include "storage/sqlite/replay_slots.hpp"

#include <array>

namespace fapid::storage::sqlite {
namespace {

// The tables of migration 7, one statement per slot (a table name cannot be a parameter).
constexpr std::array<std::string_view, kReplaySlots> kStore{
    "INSERT INTO ttl_replay_0 (kind, key, value, expires_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, key) "
    "DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    "INSERT INTO ttl_replay_1 (kind, key, value, expires_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, key) "
    "DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    "INSERT INTO ttl_replay_2 (kind, key, value, expires_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, key) "
    "DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
    "INSERT INTO ttl_replay_3 (kind, key, value, expires_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, key) "
    "DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at",
};
constexpr std::array<std::string_view, kReplaySlots> kErase{
    "DELETE FROM ttl_replay_0 WHERE kind = ?1 AND key = ?2",
    "DELETE FROM ttl_replay_1 WHERE kind = ?1 AND key = ?2",
    "DELETE FROM ttl_replay_2 WHERE kind = ?1 AND key = ?2",
    "DELETE FROM ttl_replay_3 WHERE kind = ?1 AND key = ?2",
};
constexpr std::array<std::string_view, kReplaySlots> kConsume{
    "DELETE FROM ttl_replay_0 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 RETURNING value",
    "DELETE FROM ttl_replay_1 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 RETURNING value",
    "DELETE FROM ttl_replay_2 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 RETURNING value",
    "DELETE FROM ttl_replay_3 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 RETURNING value",
};
// No WHERE: SQLite's truncate optimization frees the pages instead of deleting row by row.
constexpr std::array<std::string_view, kReplaySlots> kEmpty{
    "DELETE FROM ttl_replay_0",
    "DELETE FROM ttl_replay_1",
    "DELETE FROM ttl_replay_2",
    "DELETE FROM ttl_replay_3",
};
// At most one live entry exists under a key: every store checks first.
constexpr std::string_view kFindLive =
    "SELECT value FROM ttl_entries WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 "
    "UNION ALL SELECT value FROM ttl_replay_0 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 "
    "UNION ALL SELECT value FROM ttl_replay_1 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 "
    "UNION ALL SELECT value FROM ttl_replay_2 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 "
    "UNION ALL SELECT value FROM ttl_replay_3 WHERE kind = ?1 AND key = ?2 AND expires_at > ?3 LIMIT 1";
constexpr std::string_view kRaiseExpiry =
    "UPDATE ttl_replay_slots SET expires_max = max(expires_max, ?1) WHERE slot = ?2";
constexpr std::string_view kSlotExpiry = "SELECT expires_max FROM ttl_replay_slots WHERE slot = ?1";
constexpr std::string_view kSlotEmptied = "UPDATE ttl_replay_slots SET expires_max = 0 WHERE slot = ?1";

// The blob in the first column of the first row, if there is one.
Result<std::optional<std::string>> first_value(Statement& statement) {
  auto row = statement.step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>();
  std::optional<std::string> value = statement.column_blob(0);
  if (auto done = statement.finish(); !done) return done.error();
  return value;
}

}  // namespace

bool is_replay_kind(TtlKind kind) {
  return kind == TtlKind::client_assertion_jti || kind == TtlKind::request_object_jti || kind == TtlKind::dpop_jti;
}

int replay_slot_at(TimePoint now) {
  const auto window = to_millis(now) / kReplayWindow.count();
  const auto slot = window % kReplaySlots;
  return static_cast<int>(slot < 0 ? slot + kReplaySlots : slot);
}

Result<std::optional<std::string>> find_live_replay_entry(SqliteConnection& conn, std::string_view kind,
                                                          std::string_view key, TimePoint now) {
  auto st = conn.prepare(kFindLive, "ttl find live jti");
  if (!st) return st.error();
  return first_value(st->text(kind).blob(key).time(now));
}

Result<void> store_in_replay_slot(SqliteConnection& conn, int slot, std::string_view kind, std::string_view key,
                                  std::string_view value, TimePoint expires_at) {
  auto stored = conn.prepare(kStore.at(static_cast<std::size_t>(slot)), "ttl store jti");
  if (!stored) return stored.error();
  if (auto done = stored->text(kind).blob(key).blob(value).time(expires_at).finish(); !done) return done.error();
  auto raised = conn.prepare(kRaiseExpiry, "ttl store jti");
  if (!raised) return raised.error();
  return raised->time(expires_at).integer(slot).finish();
}

Result<void> erase_from_replay_slots(SqliteConnection& conn, std::string_view kind, std::string_view key) {
  for (const auto sql : kErase) {
    auto st = conn.prepare(sql, "ttl erase jti");
    if (!st) return st.error();
    if (auto done = st->text(kind).blob(key).finish(); !done) return done.error();
  }
  return {};
}

Result<std::optional<std::string>> consume_from_replay_slots(SqliteConnection& conn, std::string_view kind,
                                                             std::string_view key, TimePoint now) {
  for (const auto sql : kConsume) {
    auto st = conn.prepare(sql, "ttl consume jti");
    if (!st) return st.error();
    auto value = first_value(st->text(kind).blob(key).time(now));
    if (!value || *value) return value;
  }
  return std::optional<std::string>();
}

Result<std::int64_t> empty_expired_replay_slot(SqliteConnection& conn, int slot, TimePoint now) {
  auto expiry = conn.prepare(kSlotExpiry, "ttl empty jti slot");
  if (!expiry) return expiry.error();
  auto row = expiry->integer(slot).step();
  if (!row) return row.error();
  // 0: nothing stored since the slot was last emptied. Later than now: an entry may still be live.
  const std::int64_t latest = *row ? expiry->column_integer(0) : 0;
  if (auto done = expiry->finish(); !done) return done.error();
  if (latest == 0 || latest > to_millis(now)) return 0;

  auto emptied = conn.prepare(kEmpty.at(static_cast<std::size_t>(slot)), "ttl empty jti slot");
  if (!emptied) return emptied.error();
  if (auto done = emptied->finish(); !done) return done.error();
  const auto removed = conn.changes();
  auto reset = conn.prepare(kSlotEmptied, "ttl empty jti slot");
  if (!reset) return reset.error();
  if (auto done = reset->integer(slot).finish(); !done) return done.error();
  return removed;
}

}  // namespace fapid::storage::sqlite
