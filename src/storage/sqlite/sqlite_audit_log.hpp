#pragma once
// AuditLog on SQLite: an append-only table; `recent` reads it newest first by insertion order.
#include <memory>

#include "storage/grant_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fapid::storage {

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(std::shared_ptr<SqliteDatabase> database);

  Result<void> append(const AuditEvent& event) override;
  Result<std::vector<AuditEvent>> recent(std::size_t limit) override;

 private:
  std::shared_ptr<SqliteDatabase> database_;
};

}  // namespace fapid::storage
