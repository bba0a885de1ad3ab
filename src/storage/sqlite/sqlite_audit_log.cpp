#include "storage/sqlite/sqlite_audit_log.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "storage/sqlite/grant_rows.hpp"
#include "storage/sqlite/grant_sql.hpp"

namespace fapid::storage {

using sqlite::SqliteConnection;

SqliteAuditLog::SqliteAuditLog(std::shared_ptr<SqliteDatabase> database) : database_(std::move(database)) {}

Result<void> SqliteAuditLog::append(const AuditEvent& event) {
  return database_->write("audit append", [&](SqliteConnection& conn) -> Result<void> {
    auto st = conn.prepare(sqlite::sql::kAppendAudit, "audit append");
    if (!st) return st.error();
    st->time(event.at).text(event.kind).text(event.client_id).text(event.subject).text(event.detail_json);
    return st->finish();
  });
}

Result<std::vector<AuditEvent>> SqliteAuditLog::recent(std::size_t limit) {
  // By id, not by time: events appended within one millisecond keep their order.
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  const auto bounded = static_cast<std::int64_t>(std::min(limit, kMax));
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::vector<AuditEvent>> {
    auto st = conn.prepare(sqlite::sql::kRecentAudit, "audit recent");
    if (!st) return st.error();
    st->integer(bounded);
    std::vector<AuditEvent> events;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return events;
      events.push_back(sqlite::read_audit_event(*st));
    }
  });
}

}  // namespace fapid::storage
