#pragma once
// ConsentRepository on PostgreSQL (DESIGN.md, Storage): every change is one READ COMMITTED transaction
// whose deciding step locks the row it decides on (consent_statements.cpp), so racing transitions,
// extensions and creations with one idempotency key, from threads or instances, have one winner.
#include <memory>

#include "storage/consent_repository.hpp"

namespace fapid::storage {

namespace postgres {
class PostgresPool;
}

class PostgresConsentRepository final : public ConsentRepository {
 public:
  explicit PostgresConsentRepository(std::shared_ptr<postgres::PostgresPool> pool);
  ~PostgresConsentRepository() override;

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
  std::shared_ptr<postgres::PostgresPool> pool_;
};

}  // namespace fapid::storage
