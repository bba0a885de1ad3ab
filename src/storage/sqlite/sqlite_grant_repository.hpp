#pragma once
// GrantRepository on SQLite (DESIGN.md, Storage). Every operation that must be atomic is one statement
// or one BEGIN IMMEDIATE transaction: SQLite has one writer per file, so concurrent rotations and
// redemptions, from threads or from processes sharing the file, take turns and exactly one wins.
#include <memory>

#include "storage/grant_repository.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fapid::storage {

class SqliteGrantRepository final : public GrantRepository {
 public:
  explicit SqliteGrantRepository(std::shared_ptr<SqliteDatabase> database);

  Result<CreateOutcome> create_grant(const GrantRecord& grant, const std::optional<RefreshTokenRecord>& refresh,
                                     const std::optional<AccessTokenRecord>& access) override;
  // One transaction when `ttl` is the SqliteTtlStore of the same database.
  Result<CreateOutcome> create_grant_once(TtlStore& ttl, const SingleUseKey& key, const GrantRecord& grant,
                                          const std::optional<RefreshTokenRecord>& refresh,
                                          const std::optional<AccessTokenRecord>& access) override;
  Result<bool> revoke_grant(std::string_view grant_id, TimePoint now) override;
  Result<bool> revoke_grant_by_code(std::string_view code_hash, TimePoint now) override;
  Result<std::size_t> revoke_grants_for_consent(std::string_view consent_id, TimePoint now) override;
  Result<std::size_t> extend_grants_for_consent(std::string_view consent_id, TimePoint until, TimePoint now) override;
  Result<std::optional<GrantRecord>> find_grant(std::string_view grant_id) override;
  Result<std::optional<RefreshTokenView>> find_refresh_token(std::string_view token_hash, TimePoint now) override;
  Result<RotateOutcome> rotate_refresh_token(std::string_view old_hash, RefreshTokenRecord next,
                                             AccessTokenRecord access, TimePoint now) override;
  Result<bool> add_access_token(std::string_view refresh_hash, AccessTokenRecord access, TimePoint now) override;
  Result<std::optional<AccessTokenView>> find_access_token(std::string_view token_hash, TimePoint now) override;
  Result<bool> revoke_access_token(std::string_view token_hash, TimePoint now) override;
  Result<bool> revoke_refresh_token(std::string_view token_hash, TimePoint now) override;
  Result<void> revoke_self_contained_token(std::string_view jti, std::string_view client_id, TimePoint expires_at,
                                           TimePoint now) override;
  Result<bool> self_contained_token_revoked(std::string_view jti, TimePoint now) override;
  Result<std::size_t> sweep_expired(TimePoint now) override;

 private:
  // One UPDATE keyed by `key` at `now`, in its own implicit transaction: how many rows it matched.
  Result<std::int64_t> update(std::string_view operation, const std::string& sql, std::string_view key, TimePoint now);
  // Runs `sql` (a DELETE of at most kSweepChunk rows older than ?1) until a chunk comes back short;
  // how many rows it deleted.
  Result<std::size_t> sweep(std::string_view operation, const std::string& sql, TimePoint now);

  std::shared_ptr<SqliteDatabase> database_;
};

}  // namespace fapid::storage
