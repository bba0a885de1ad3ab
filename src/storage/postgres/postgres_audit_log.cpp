#include "storage/postgres/postgres_audit_log.hpp"

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "storage/postgres/postgres_pool.hpp"
#include "storage/postgres/row_mapping.hpp"
#include "storage/postgres/statements.hpp"

namespace fapid::storage {

using postgres::PgSession;
namespace sql = postgres::sql;

PostgresAuditLog::PostgresAuditLog(std::shared_ptr<postgres::PostgresPool> pool) : pool_(std::move(pool)) {}
PostgresAuditLog::~PostgresAuditLog() = default;

Result<void> PostgresAuditLog::append(const AuditEvent& event) {
  return pool_->run<void>("audit_append", [&](PgSession& s) -> Result<void> {
    pqxx::work tx(s.db());
    tx.exec_prepared0(sql::kAppendAudit, postgres::to_millis(event.at), event.kind, event.client_id, event.subject,
                      event.detail_json);
    tx.commit();
    return {};
  });
}

Result<std::vector<AuditEvent>> PostgresAuditLog::recent(std::size_t limit) {
  return pool_->run<std::vector<AuditEvent>>("audit_recent", [&](PgSession& s) -> Result<std::vector<AuditEvent>> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kRecentAudit, static_cast<unsigned long>(limit));
    std::vector<AuditEvent> events;
    events.reserve(rows.size());
    for (const auto& row : rows) events.push_back(postgres::read_audit_event(row));
    return events;
  });
}

}  // namespace fapid::storage
