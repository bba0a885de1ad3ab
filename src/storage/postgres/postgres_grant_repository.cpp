#include "storage/postgres/postgres_grant_repository.hpp"

#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <string>

#include "storage/postgres/postgres_pool.hpp"
#include "storage/postgres/row_mapping.hpp"
#include "storage/postgres/statements.hpp"

namespace fapid::storage {

using postgres::NullableMillis;
using postgres::PgSession;
using postgres::to_millis;
using postgres::to_nullable;
namespace sql = postgres::sql;

namespace {

constexpr long kSweepBatch = 1000;

void insert_refresh(pqxx::work& tx, const RefreshTokenRecord& t, const std::string& grant_id) {
  tx.exec_prepared0(sql::kInsertRefresh, t.token_hash, grant_id, t.cnf.x5t_s256, t.cnf.jkt, to_millis(t.created_at),
                    to_millis(t.expires_at), to_nullable(t.consumed_at));
}

void insert_access(pqxx::work& tx, const AccessTokenRecord& t, const std::string& grant_id) {
  tx.exec_prepared0(sql::kInsertAccess, t.token_hash, grant_id, t.client_id, t.scope, t.cnf.x5t_s256, t.cnf.jkt,
                    to_millis(t.issued_at), to_millis(t.expires_at), to_nullable(t.revoked_at));
}

// One UPDATE ... RETURNING in its own transaction: true when it touched a row.
Result<bool> update_returning(postgres::PostgresPool& pool, std::string_view operation, const char* statement,
                              std::string_view key, TimePoint now) {
  return pool.run<bool>(operation, [&](PgSession& s) -> Result<bool> {
    pqxx::work tx(s.db());
    const auto rows = tx.exec_prepared(statement, std::string(key), to_millis(now));
    tx.commit();
    return !rows.empty();
  });
}

}  // namespace

PostgresGrantRepository::PostgresGrantRepository(std::shared_ptr<postgres::PostgresPool> pool) : pool_(std::move(pool)) {}
PostgresGrantRepository::~PostgresGrantRepository() = default;

Result<CreateOutcome> PostgresGrantRepository::create_grant(const GrantRecord& grant,
                                                            const std::optional<RefreshTokenRecord>& refresh,
                                                            const std::optional<AccessTokenRecord>& access) {
  return pool_->run<CreateOutcome>("create_grant", [&](PgSession& s) -> Result<CreateOutcome> {
    pqxx::work tx(s.db());
    const auto inserted = tx.exec_prepared(sql::kInsertGrant, grant.id, grant.client_id, grant.subject, grant.scope,
                                           grant.consent_id, grant.code_hash, grant.claims_json,
                                           to_millis(grant.created_at), to_millis(grant.expires_at),
                                           to_nullable(grant.revoked_at));
    if (inserted.empty()) {
      tx.abort();  // the code was redeemed before: write nothing (RFC 6749 §4.1.2)
      return CreateOutcome::code_already_redeemed;
    }
    // The tokens belong to the grant being created, whatever grant_id the caller left in them.
    if (refresh) insert_refresh(tx, *refresh, grant.id);
    if (access) insert_access(tx, *access, grant.id);
    tx.commit();
    return CreateOutcome::created;
  });
}

Result<bool> PostgresGrantRepository::revoke_grant(std::string_view grant_id, TimePoint now) {
  return update_returning(*pool_, "revoke_grant", sql::kRevokeGrant, grant_id, now);
}

Result<bool> PostgresGrantRepository::revoke_grant_by_code(std::string_view code_hash, TimePoint now) {
  if (code_hash.empty()) return false;  // grants without a code are not "the grant of code ''"
  return update_returning(*pool_, "revoke_grant_by_code", sql::kRevokeGrantByCode, code_hash, now);
}

Result<std::size_t> PostgresGrantRepository::revoke_grants_for_consent(std::string_view consent_id, TimePoint now) {
  if (consent_id.empty()) return std::size_t{0};  // '' marks grants bound to no consent
  return pool_->run<std::size_t>("revoke_grants_for_consent", [&](PgSession& s) -> Result<std::size_t> {
    pqxx::work tx(s.db());
    const auto result = tx.exec_prepared(sql::kRevokeConsent, std::string(consent_id), to_millis(now));
    tx.commit();
    return result.affected_rows();
  });
}

Result<std::size_t> PostgresGrantRepository::extend_grants_for_consent(std::string_view consent_id, TimePoint until,
                                                                       TimePoint now) {
  if (consent_id.empty()) return std::size_t{0};
  return pool_->run<std::size_t>("extend_grants_for_consent", [&](PgSession& s) -> Result<std::size_t> {
    pqxx::work tx(s.db());
    const std::string id(consent_id);
    tx.exec_prepared(sql::kExtendConsentRefresh, id, to_millis(until), to_millis(now));
    const auto grants = tx.exec_prepared(sql::kExtendConsentGrants, id, to_millis(until), to_millis(now));
    tx.commit();
    return grants.affected_rows();
  });
}

Result<std::optional<GrantRecord>> PostgresGrantRepository::find_grant(std::string_view grant_id) {
  return pool_->run<std::optional<GrantRecord>>("find_grant", [&](PgSession& s) -> Result<std::optional<GrantRecord>> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kFindGrant, std::string(grant_id));
    if (rows.empty()) return std::nullopt;
    return postgres::read_grant(rows[0], 0);
  });
}

Result<std::optional<RefreshTokenView>> PostgresGrantRepository::find_refresh_token(std::string_view token_hash,
                                                                                    TimePoint now) {
  using View = std::optional<RefreshTokenView>;
  return pool_->run<View>("find_refresh_token", [&](PgSession& s) -> Result<View> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kFindRefresh, std::string(token_hash), to_millis(now));
    if (rows.empty()) return std::nullopt;
    return RefreshTokenView{postgres::read_refresh_token(rows[0], 0), postgres::read_grant(rows[0], 7)};
  });
}

Result<std::optional<AccessTokenView>> PostgresGrantRepository::find_access_token(std::string_view token_hash,
                                                                                  TimePoint now) {
  using View = std::optional<AccessTokenView>;
  return pool_->run<View>("find_access_token", [&](PgSession& s) -> Result<View> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kFindAccess, std::string(token_hash), to_millis(now));
    if (rows.empty()) return std::nullopt;
    return AccessTokenView{postgres::read_access_token(rows[0], 0), postgres::read_grant(rows[0], 9)};
  });
}

Result<RotateOutcome> PostgresGrantRepository::rotate_refresh_token(std::string_view old_hash, RefreshTokenRecord next,
                                                                    AccessTokenRecord access, TimePoint now) {
  return pool_->run<RotateOutcome>("rotate_refresh_token", [&](PgSession& s) -> Result<RotateOutcome> {
    pqxx::work tx(s.db());
    const std::string old(old_hash);
    const auto consumed = tx.exec_prepared(sql::kConsumeRefresh, old, to_millis(now));
    if (consumed.empty()) {
      // Not consumable. Consumed before (by us earlier, or by a concurrent rotation we just waited
      // for): a replay, which revokes the grant (RFC 9700 §4.14.2). Otherwise unknown or not live.
      const auto revoked = tx.exec_prepared(sql::kRevokeReplayed, old, to_millis(now));
      tx.commit();
      return revoked.empty() ? RotateOutcome::not_active : RotateOutcome::replayed;
    }
    const auto grant_id = consumed[0][0].as<std::string>();
    insert_refresh(tx, next, grant_id);
    insert_access(tx, access, grant_id);
    tx.commit();
    return RotateOutcome::rotated;
  });
}

Result<bool> PostgresGrantRepository::add_access_token(std::string_view refresh_hash, AccessTokenRecord access,
                                                       TimePoint now) {
  return pool_->run<bool>("add_access_token", [&](PgSession& s) -> Result<bool> {
    pqxx::work tx(s.db());
    const auto added = tx.exec_prepared(sql::kAddAccess, std::string(refresh_hash), access.token_hash, access.client_id,
                                        access.scope, access.cnf.x5t_s256, access.cnf.jkt, to_millis(access.issued_at),
                                        to_millis(access.expires_at), to_nullable(access.revoked_at), to_millis(now));
    tx.commit();
    return !added.empty();
  });
}

Result<bool> PostgresGrantRepository::revoke_access_token(std::string_view token_hash, TimePoint now) {
  return update_returning(*pool_, "revoke_access_token", sql::kRevokeAccess, token_hash, now);
}

Result<bool> PostgresGrantRepository::revoke_refresh_token(std::string_view token_hash, TimePoint now) {
  return update_returning(*pool_, "revoke_refresh_token", sql::kRevokeByRefresh, token_hash, now);
}

Result<void> PostgresGrantRepository::revoke_self_contained_token(std::string_view jti, std::string_view client_id,
                                                                  TimePoint expires_at, TimePoint now) {
  return pool_->run<void>("revoke_self_contained_token", [&](PgSession& s) -> Result<void> {
    pqxx::work tx(s.db());
    // ON CONFLICT DO NOTHING: a revocation of a revoked jti, even a concurrent one, inserts nothing.
    tx.exec_prepared0(sql::kRevokeSelfContained, std::string(jti), std::string(client_id), to_millis(expires_at),
                      to_millis(now));
    tx.commit();
    return {};
  });
}

Result<bool> PostgresGrantRepository::self_contained_token_revoked(std::string_view jti, TimePoint now) {
  return pool_->run<bool>("self_contained_token_revoked", [&](PgSession& s) -> Result<bool> {
    pqxx::nontransaction tx(s.db());
    return !tx.exec_prepared(sql::kSelfContainedRevoked, std::string(jti), to_millis(now)).empty();
  });
}

Result<std::size_t> PostgresGrantRepository::sweep_expired(TimePoint now) {
  // Batches in their own transactions: a large backlog never becomes one long lock-holding statement.
  const auto sweep = [&](std::string_view operation, const char* statement) -> Result<std::size_t> {
    std::size_t total = 0;
    for (;;) {
      auto batch = pool_->run<std::size_t>(operation, [&](PgSession& s) -> Result<std::size_t> {
        pqxx::work tx(s.db());
        const auto result = tx.exec_prepared(statement, to_millis(now), kSweepBatch);
        tx.commit();
        return result.affected_rows();
      });
      if (!batch) return batch.error();
      total += *batch;
      if (*batch < static_cast<std::size_t>(kSweepBatch)) return total;
    }
  };
  auto grants = sweep("sweep_expired", sql::kSweepBatch);
  if (!grants) return grants.error();
  // Revoked jtis whose tokens have expired: not counted, the result is grants (grant_repository.hpp).
  auto revoked = sweep("sweep_revoked_self_contained", sql::kSweepRevokedBatch);
  if (!revoked) return revoked.error();
  return *grants;
}

Result<void> PostgresGrantRepository::ping() {
  return pool_->run<void>("ping", [](PgSession& s) -> Result<void> {
    pqxx::nontransaction tx(s.db());
    tx.exec("SELECT 1");
    return {};
  });
}

}  // namespace fapid::storage
