#pragma once
// GrantRepository on PostgreSQL (DESIGN.md, Storage): every operation is one READ COMMITTED
// transaction whose single-use steps are row-locking statements (statements.cpp), so concurrent
// rotations and redemptions, from threads or from several instances, have exactly one winner.
#include <memory>

#include "storage/grant_repository.hpp"
#include "storage/health.hpp"

namespace fapid::storage {

namespace postgres {
class PostgresPool;
}

class PostgresGrantRepository final : public GrantRepository, public Pingable {
 public:
  explicit PostgresGrantRepository(std::shared_ptr<postgres::PostgresPool> pool);
  ~PostgresGrantRepository() override;

  Result<CreateOutcome> create_grant(const GrantRecord& grant, const std::optional<RefreshTokenRecord>& refresh,
                                     const std::optional<AccessTokenRecord>& access) override;
  Result<bool> revoke_grant(std::string_view grant_id, TimePoint now) override;
  Result<bool> revoke_grant_by_code(std::string_view code_hash, TimePoint now) override;
  Result<std::size_t> revoke_grants_for_consent(std::string_view consent_id, TimePoint now) override;
  Result<std::size_t> extend_grants_for_consent(std::string_view consent_id, TimePoint until, TimePoint now) override;
  Result<std::optional<GrantRecord>> find_grant(std::string_view grant_id) override;
  Result<std::optional<RefreshTokenView>> find_refresh_token(std::string_view token_hash, TimePoint now) override;
  Result<RotateOutcome> rotate_refresh_token(std::string_view old_hash, RefreshTokenRecord next, AccessTokenRecord access,
                                             TimePoint now) override;
  Result<bool> add_access_token(std::string_view refresh_hash, AccessTokenRecord access, TimePoint now) override;
  Result<std::optional<AccessTokenView>> find_access_token(std::string_view token_hash, TimePoint now) override;
  Result<bool> revoke_access_token(std::string_view token_hash, TimePoint now) override;
  Result<bool> revoke_refresh_token(std::string_view token_hash, TimePoint now) override;
  Result<void> revoke_self_contained_token(std::string_view jti, std::string_view client_id, TimePoint expires_at,
                                           TimePoint now) override;
  Result<bool> self_contained_token_revoked(std::string_view jti, TimePoint now) override;
  Result<std::size_t> sweep_expired(TimePoint now) override;

  std::string_view name() const override { return "postgres"; }
  Result<void> ping() override;

 private:
  std::shared_ptr<postgres::PostgresPool> pool_;
};

}  // namespace fapid::storage
