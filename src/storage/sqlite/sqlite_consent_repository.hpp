#pragma once
// ConsentRepository on SQLite (DESIGN.md, Storage). Every change is one BEGIN IMMEDIATE transaction:
// SQLite has one writer per file, so of two racing transitions (threads or processes) the second
// finds the status already changed, and an idempotency key is checked and taken under the same lock.
#include <memory>

#include "storage/consent_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fapid::storage {

class SqliteConsentRepository final : public ConsentRepository {
 public:
  explicit SqliteConsentRepository(std::shared_ptr<SqliteDatabase> database);

  Result<CreateConsentResult> create_consent(const ConsentRecord& consent,
                                             const std::optional<IdempotencyKey>& key) override;
  Result<std::optional<ConsentRecord>> find_consent(std::string_view id) override;
  Result<bool> transition(std::string_view id, ConsentStatus from, ConsentStatus to, std::string_view actor,
                          std::string_view subject, const std::optional<ConsentRejection>& rejection,
                          TimePoint now) override;
  Result<bool> extend(const ConsentExtension& extension) override;
  Result<std::vector<ConsentExtension>> extensions(std::string_view id) override;
  Result<std::vector<ConsentTransition>> history(std::string_view id) override;
  Result<std::size_t> sweep_expired_keys(TimePoint now) override;
  Result<ConsentPage> search(const ConsentSearch& search) override;

 private:
  std::shared_ptr<SqliteDatabase> database_;
};

}  // namespace fapid::storage
