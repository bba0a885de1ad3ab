#pragma once
// OutageRepository on PostgreSQL (DESIGN.md, Storage): every operation is one statement in its own
// READ COMMITTED transaction (outage_statements.cpp); of racing updates the last to commit wins.
#include <memory>

#include "storage/outage_repository.hpp"

namespace fapid::storage {

namespace postgres {
class PostgresPool;
}

class PostgresOutageRepository final : public OutageRepository {
 public:
  explicit PostgresOutageRepository(std::shared_ptr<postgres::PostgresPool> pool);
  ~PostgresOutageRepository() override;

  Result<void> create(const OutageRecord& outage) override;
  Result<std::optional<OutageRecord>> find(std::string_view id) override;
  Result<std::vector<OutageRecord>> list(const OutageQuery& query) override;
  Result<std::size_t> count(const OutageQuery& query) override;
  Result<bool> update(const OutageRecord& outage) override;
  Result<bool> remove(std::string_view id) override;

 private:
  std::shared_ptr<postgres::PostgresPool> pool_;
};

}  // namespace fapid::storage
