#pragma once
// AuditLog on PostgreSQL: an append-only table; `recent` reads it newest first by insertion order.
#include <memory>

#include "storage/grant_repository.hpp"

namespace fapid::storage {

namespace postgres {
class PostgresPool;
}

class PostgresAuditLog final : public AuditLog {
 public:
  explicit PostgresAuditLog(std::shared_ptr<postgres::PostgresPool> pool);
  ~PostgresAuditLog() override;

  Result<void> append(const AuditEvent& event) override;
  Result<std::vector<AuditEvent>> recent(std::size_t limit) override;

 private:
  std::shared_ptr<postgres::PostgresPool> pool_;
};

}  // namespace fapid::storage
