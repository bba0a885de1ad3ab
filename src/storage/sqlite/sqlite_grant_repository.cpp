#include "storage/sqlite/sqlite_grant_repository.hpp"

#include <thread>

#include "storage/sqlite/grant_rows.hpp"
#include "storage/sqlite/grant_sql.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/sqlite_ttl_store.hpp"
#include "storage/sqlite/write_transaction.hpp"

namespace fapid::storage {

using sqlite::exists;
using sqlite::find;
using sqlite::run;
using sqlite::SqliteConnection;
using sqlite::Statement;
using sqlite::WriteTransaction;

namespace {

// The grant and its first tokens, inside a transaction the caller commits. A redeemed code writes nothing.
Result<CreateOutcome> insert_grant(SqliteConnection& conn, std::string_view op, const GrantRecord& grant,
                                   const std::optional<RefreshTokenRecord>& refresh,
                                   const std::optional<AccessTokenRecord>& access) {
  // Under the write lock, so of two redemptions of one code the second sees the first's grant.
  if (!grant.code_hash.empty()) {
    auto redeemed = exists(conn, sqlite::sql::kCodeRedeemed, op, [&](Statement& st) -> Statement& {
      return st.text(grant.code_hash);
    });
    if (!redeemed) return redeemed.error();
    if (*redeemed) return CreateOutcome::code_already_redeemed;
  }
  auto inserted = run(conn, sqlite::sql::kInsertGrant, op, [&](Statement& st) -> Statement& {
    return sqlite::bind_grant(st, grant);
  });
  if (!inserted) return inserted.error();
  // The tokens belong to the grant being created, whatever grant_id the caller left in them.
  if (refresh) {
    auto r = run(conn, sqlite::sql::kInsertRefresh, op, [&](Statement& st) -> Statement& {
      return sqlite::bind_refresh(st, *refresh, grant.id);
    });
    if (!r) return r.error();
  }
  if (access) {
    auto a = run(conn, sqlite::sql::kInsertAccess, op, [&](Statement& st) -> Statement& {
      return sqlite::bind_access(st, *access, grant.id);
    });
    if (!a) return a.error();
  }
  return CreateOutcome::created;
}

}  // namespace

SqliteGrantRepository::SqliteGrantRepository(std::shared_ptr<SqliteDatabase> database)
    : database_(std::move(database)) {}

Result<CreateOutcome> SqliteGrantRepository::create_grant(const GrantRecord& grant,
                                                          const std::optional<RefreshTokenRecord>& refresh,
                                                          const std::optional<AccessTokenRecord>& access) {
  constexpr std::string_view kOp = "create_grant";
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<CreateOutcome> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    // Any failure (a duplicate id or token hash) returns before commit, and the destructor rolls back:
    // nothing is written.
    auto created = insert_grant(conn, kOp, grant, refresh, access);
    if (!created || *created != CreateOutcome::created) return created;
    if (auto committed = tx->commit(); !committed) return committed.error();
    return CreateOutcome::created;
  });
}

Result<CreateOutcome> SqliteGrantRepository::create_grant_once(TtlStore& ttl, const SingleUseKey& key,
                                                               const GrantRecord& grant,
                                                               const std::optional<RefreshTokenRecord>& refresh,
                                                               const std::optional<AccessTokenRecord>& access) {
  auto* local = dynamic_cast<SqliteTtlStore*>(&ttl);
  if (local == nullptr || !local->stored_in(*database_))
    return GrantRepository::create_grant_once(ttl, key, grant, refresh, access);
  constexpr std::string_view kOp = "create_grant_once";
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<CreateOutcome> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    auto fresh = local->put_if_absent_in(conn, key.kind, key.key, kSingleUseMark, key.ttl);
    if (!fresh) return fresh.error();
    if (!*fresh) return CreateOutcome::key_already_used;
    auto created = insert_grant(conn, kOp, grant, refresh, access);
    if (!created) return created.error();  // rolled back with the key: the request failed, nothing was used
    // A redeemed code wrote nothing, but the key stays taken, as when it is taken on its own.
    if (auto committed = tx->commit(); !committed) return committed.error();
    return *created;
  });
}

Result<std::int64_t> SqliteGrantRepository::update(std::string_view operation, const std::string& sql,
                                                   std::string_view key, TimePoint now) {
  return database_->write(operation, [&](SqliteConnection& conn) -> Result<std::int64_t> {
    auto done = run(conn, sql, operation, [&](Statement& st) -> Statement& { return st.text(key).time(now); });
    if (!done) return done.error();
    return conn.changes();
  });
}

Result<bool> SqliteGrantRepository::revoke_grant(std::string_view grant_id, TimePoint now) {
  auto changed = update("revoke_grant", sqlite::sql::kRevokeGrant, grant_id, now);
  if (!changed) return changed.error();
  return *changed > 0;
}

Result<bool> SqliteGrantRepository::revoke_grant_by_code(std::string_view code_hash, TimePoint now) {
  if (code_hash.empty()) return false;  // grants without a code are not "the grant of code ''"
  auto changed = update("revoke_grant_by_code", sqlite::sql::kRevokeGrantByCode, code_hash, now);
  if (!changed) return changed.error();
  return *changed > 0;
}

Result<std::size_t> SqliteGrantRepository::revoke_grants_for_consent(std::string_view consent_id, TimePoint now) {
  if (consent_id.empty()) return std::size_t{0};  // '' marks grants bound to no consent
  auto changed = update("revoke_grants_for_consent", sqlite::sql::kRevokeConsent, consent_id, now);
  if (!changed) return changed.error();
  return static_cast<std::size_t>(*changed);
}

Result<std::size_t> SqliteGrantRepository::extend_grants_for_consent(std::string_view consent_id, TimePoint until,
                                                                     TimePoint now) {
  constexpr std::string_view kOp = "extend_grants_for_consent";
  if (consent_id.empty()) return std::size_t{0};
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<std::size_t> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    const auto bind = [&](Statement& st) -> Statement& { return st.text(consent_id).time(until).time(now); };
    if (auto r = run(conn, sqlite::sql::kExtendConsentRefresh, kOp, bind); !r) return r.error();
    if (auto g = run(conn, sqlite::sql::kExtendConsentGrants, kOp, bind); !g) return g.error();
    const auto grants = static_cast<std::size_t>(conn.changes());
    if (auto committed = tx->commit(); !committed) return committed.error();
    return grants;
  });
}

Result<std::optional<GrantRecord>> SqliteGrantRepository::find_grant(std::string_view grant_id) {
  return database_->with_connection([&](SqliteConnection& conn) {
    return find<GrantRecord>(conn, sqlite::sql::kFindGrant, "find_grant",
                             [&](Statement& st) -> Statement& { return st.text(grant_id); },
                             [](const Statement& st) { return sqlite::read_grant(st, 0); });
  });
}

Result<std::optional<RefreshTokenView>> SqliteGrantRepository::find_refresh_token(std::string_view token_hash,
                                                                                  TimePoint now) {
  return database_->with_connection([&](SqliteConnection& conn) {
    return find<RefreshTokenView>(conn, sqlite::sql::kFindRefresh, "find_refresh_token",
                                  [&](Statement& st) -> Statement& { return st.text(token_hash).time(now); },
                                  [](const Statement& st) {
                                    return RefreshTokenView{sqlite::read_refresh(st, 0),
                                                            sqlite::read_grant(st, sqlite::kRefreshColumnCount)};
                                  });
  });
}

Result<std::optional<AccessTokenView>> SqliteGrantRepository::find_access_token(std::string_view token_hash,
                                                                                TimePoint now) {
  return database_->with_connection([&](SqliteConnection& conn) {
    return find<AccessTokenView>(conn, sqlite::sql::kFindAccess, "find_access_token",
                                  [&](Statement& st) -> Statement& { return st.text(token_hash).time(now); },
                                 [](const Statement& st) {
                                   return AccessTokenView{sqlite::read_access(st, 0),
                                                          sqlite::read_grant(st, sqlite::kAccessColumnCount)};
                                 });
  });
}

Result<RotateOutcome> SqliteGrantRepository::rotate_refresh_token(std::string_view old_hash, RefreshTokenRecord next,
                                                                  AccessTokenRecord access, TimePoint now) {
  constexpr std::string_view kOp = "rotate_refresh_token";
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<RotateOutcome> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    auto consume = conn.prepare(sqlite::sql::kConsumeRefresh, kOp);
    if (!consume) return consume.error();
    auto consumed = consume->text(old_hash).time(now).step();
    if (!consumed) return consumed.error();
    if (!*consumed) {
      auto replayed = run(conn, sqlite::sql::kRevokeReplayed, kOp, [&](Statement& st) -> Statement& {
        return st.text(old_hash).time(now);
      });
      if (!replayed) return replayed.error();
      if (conn.changes() == 0) return RotateOutcome::not_active;  // unknown, expired, or its grant ended
      if (auto committed = tx->commit(); !committed) return committed.error();
      return RotateOutcome::replayed;
    }
    const std::string grant_id = consume->column_text(0);
    if (auto done = consume->finish(); !done) return done.error();
    auto r = run(conn, sqlite::sql::kInsertRefresh, kOp, [&](Statement& st) -> Statement& {
      return sqlite::bind_refresh(st, next, grant_id);
    });
    if (!r) return r.error();
    auto a = run(conn, sqlite::sql::kInsertAccess, kOp, [&](Statement& st) -> Statement& {
      return sqlite::bind_access(st, access, grant_id);
    });
    if (!a) return a.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return RotateOutcome::rotated;
  });
}

Result<bool> SqliteGrantRepository::add_access_token(std::string_view refresh_hash, AccessTokenRecord access,
                                                     TimePoint now) {
  return database_->write("add_access_token", [&](SqliteConnection& conn) -> Result<bool> {
    auto done = run(conn, sqlite::sql::kAddAccess, "add_access_token", [&](Statement& st) -> Statement& {
      return st.text(refresh_hash)
          .time(now)
          .text(access.token_hash)
          .text(access.client_id)
          .text(access.scope)
          .text(access.cnf.x5t_s256)
          .text(access.cnf.jkt)
          .time(access.issued_at)
          .time(access.expires_at)
          .time(access.revoked_at);
    });
    if (!done) return done.error();
    return conn.changes() == 1;
  });
}

Result<bool> SqliteGrantRepository::revoke_access_token(std::string_view token_hash, TimePoint now) {
  auto changed = update("revoke_access_token", sqlite::sql::kRevokeAccess, token_hash, now);
  if (!changed) return changed.error();
  return *changed > 0;
}

Result<bool> SqliteGrantRepository::revoke_refresh_token(std::string_view token_hash, TimePoint now) {
  auto changed = update("revoke_refresh_token", sqlite::sql::kRevokeByRefresh, token_hash, now);
  if (!changed) return changed.error();
  return *changed > 0;
}

Result<void> SqliteGrantRepository::revoke_self_contained_token(std::string_view jti, std::string_view client_id,
                                                                TimePoint expires_at, TimePoint now) {
  constexpr std::string_view kOp = "revoke_self_contained_token";
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<void> {
    return run(conn, sqlite::sql::kRevokeSelfContained, kOp, [&](Statement& st) -> Statement& {
      return st.text(jti).text(client_id).time(expires_at).time(now);
    });
  });
}

Result<bool> SqliteGrantRepository::self_contained_token_revoked(std::string_view jti, TimePoint now) {
  return database_->with_connection([&](SqliteConnection& conn) {
    return exists(conn, sqlite::sql::kSelfContainedRevoked, "self_contained_token_revoked",
                  [&](Statement& st) -> Statement& { return st.text(jti).time(now); });
  });
}

Result<std::size_t> SqliteGrantRepository::sweep(std::string_view operation, const std::string& sql, TimePoint now) {
  std::size_t total = 0;
  for (;;) {
    auto batch = database_->write(operation, [&](SqliteConnection& conn) -> Result<std::int64_t> {
      auto done = run(conn, sql, operation, [&](Statement& st) -> Statement& {
        return st.time(now).integer(sqlite::kSweepChunk);
      });
      if (!done) return done.error();
      return conn.changes();
    });
    if (!batch) return batch.error();
    total += static_cast<std::size_t>(*batch);
    if (*batch < sqlite::kSweepChunk) return total;
    std::this_thread::sleep_for(sqlite::kSweepPause);
  }
}

Result<std::size_t> SqliteGrantRepository::sweep_expired(TimePoint now) {
  auto grants = sweep("sweep_expired", sqlite::sql::kSweepBatch, now);
  if (!grants) return grants.error();
  // Revoked jtis whose tokens have expired: not counted, the result is grants (grant_repository.hpp).
  auto revoked = sweep("sweep_revoked_self_contained", sqlite::sql::kSweepRevokedBatch, now);
  if (!revoked) return revoked.error();
  return *grants;
}

}  // namespace fapid::storage
