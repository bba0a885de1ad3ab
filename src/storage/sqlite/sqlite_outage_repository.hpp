#pragma once
// OutageRepository on SQLite (DESIGN.md, Storage). Every operation is one statement, and a write that
// fails is rolled back alone (SqliteDatabase::write), so a failed update or removal has written nothing.
#include <memory>

#include "storage/outage_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fapid::storage {

class SqliteOutageRepository final : public OutageRepository {
 public:
  explicit SqliteOutageRepository(std::shared_ptr<SqliteDatabase> database);

  Result<void> create(const OutageRecord& outage) override;
  Result<std::optional<OutageRecord>> find(std::string_view id) override;
  Result<std::vector<OutageRecord>> list(const OutageQuery& query) override;
  Result<std::size_t> count(const OutageQuery& query) override;
  Result<bool> update(const OutageRecord& outage) override;
  Result<bool> remove(std::string_view id) override;

 private:
  std::shared_ptr<SqliteDatabase> database_;
};

}  // namespace fapid::storage
