#pragma once
// Where the embedded TtlStore keeps the replay caches of `jti`s (TtlKind::*_jti), and why not in
// ttl_entries with the rest.
//
// A `jti` is random, so each one lands on a random page of any index keyed by it. Inserting one
// dirties one page, but so does deleting it when it expires: a sweep of N expired `jti`s rewrote
// about N pages (30 us of CPU each in storage_bench, on top of the ~500 us of a private_key_jwt token)
// and made the tokens that shared a commit with a sweep chunk wait for it.
//
// So a `jti` goes into one of kReplaySlots tables, chosen by the time it is stored (a new slot every
// kReplayWindow, in turn). A slot is emptied whole, by a DELETE without WHERE (SQLite frees its
// pages without rewriting them), once every entry in it has expired: the slot remembers the latest
// expiry it was given. The check for a live `jti` reads every slot and ttl_entries, so uniqueness
// never depends on which slot was chosen, on the clock, or on when the sweep ran; a slot that is
// not yet empty when its turn comes again is simply shared.
//
// An entry with a longer life than kReplaySlotMaxTtl stays in ttl_entries (it would keep its slot
// from being emptied), and so do the rows stored there before these tables existed.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/records.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::storage::sqlite {

inline constexpr int kReplaySlots = 4;
inline constexpr std::chrono::milliseconds kReplayWindow = std::chrono::seconds(150);
// A slot's last entry expires at most kReplayWindow + 6 min = 510 s after the slot opened, 90 s before
// its turn comes again: a sweep every 60 s (the default) empties it in time.
inline constexpr std::chrono::milliseconds kReplaySlotMaxTtl = std::chrono::minutes(6);

bool is_replay_kind(TtlKind kind);

// The slot that an entry stored at `now` goes to.
int replay_slot_at(TimePoint now);

// The value of the live entry under (kind, key) in any slot or in ttl_entries.
Result<std::optional<std::string>> find_live_replay_entry(SqliteConnection& conn, std::string_view kind,
                                                          std::string_view key, TimePoint now);

// Stores the entry in `slot`, replacing an expired one there under the same key. Callers have found
// no live entry first (find_live_replay_entry), on the same write.
Result<void> store_in_replay_slot(SqliteConnection& conn, int slot, std::string_view kind, std::string_view key,
                                  std::string_view value, TimePoint expires_at);

// Removes the entry under (kind, key) from every slot.
Result<void> erase_from_replay_slots(SqliteConnection& conn, std::string_view kind, std::string_view key);

// Removes the live entry under (kind, key) from the slots and returns its value.
Result<std::optional<std::string>> consume_from_replay_slots(SqliteConnection& conn, std::string_view kind,
                                                             std::string_view key, TimePoint now);

// Empties `slot` if every entry in it has expired at `now`; returns how many rows it removed.
Result<std::int64_t> empty_expired_replay_slot(SqliteConnection& conn, int slot, TimePoint now);

}  // namespace fapid::storage::sqlite
