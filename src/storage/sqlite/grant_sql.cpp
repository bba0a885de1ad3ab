#include "storage/sqlite/grant_sql.hpp"

namespace fapid::storage::sqlite::sql {
namespace {

// The column order read_grant, read_refresh and read_access expect (grant_rows.cpp).
const std::string kGrantColumns =
    "g.id, g.client_id, g.subject, g.scope, g.consent_id, g.code_hash, g.claims_json, g.created_at, g.expires_at, "
    "g.revoked_at";
const std::string kRefreshColumns =
    "r.token_hash, r.grant_id, r.cnf_x5t_s256, r.cnf_jkt, r.created_at, r.expires_at, r.consumed_at";
const std::string kAccessColumns =
    "a.token_hash, a.grant_id, a.client_id, a.scope, a.cnf_x5t_s256, a.cnf_jkt, a.issued_at, a.expires_at, "
    "a.revoked_at";
// A grant is live while unrevoked and unexpired; ?2 is the caller's clock in milliseconds.
const std::string kLiveGrant = "g.revoked_at IS NULL AND g.expires_at > ?2";

}  // namespace

const std::string kCodeRedeemed = "SELECT 1 FROM grants WHERE code_hash = ?1";
const std::string kInsertGrant =
    "INSERT INTO grants (id, client_id, subject, scope, consent_id, code_hash, claims_json, created_at, expires_at, "
    "revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const std::string kInsertRefresh =
    "INSERT INTO refresh_tokens (token_hash, grant_id, cnf_x5t_s256, cnf_jkt, created_at, expires_at, consumed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const std::string kInsertAccess =
    "INSERT INTO access_tokens (token_hash, grant_id, client_id, scope, cnf_x5t_s256, cnf_jkt, issued_at, expires_at, "
    "revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

// Revocation keeps the first revocation time; changes() counts the rows matched, revoked before or not.
const std::string kRevokeGrant = "UPDATE grants SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1";
const std::string kRevokeGrantByCode = "UPDATE grants SET revoked_at = COALESCE(revoked_at, ?2) WHERE code_hash = ?1";
const std::string kRevokeConsent = "UPDATE grants SET revoked_at = ?2 WHERE consent_id = ?1 AND revoked_at IS NULL";
// Refresh tokens first, while their grants still carry the old expiry the condition reads.
const std::string kExtendConsentRefresh =
    "UPDATE refresh_tokens SET expires_at = ?2 WHERE consumed_at IS NULL AND expires_at > ?3 AND expires_at < ?2 "
    "AND grant_id IN (SELECT id FROM grants WHERE consent_id = ?1 AND revoked_at IS NULL AND expires_at > ?3)";
const std::string kExtendConsentGrants =
    "UPDATE grants SET expires_at = ?2 WHERE consent_id = ?1 AND revoked_at IS NULL AND expires_at > ?3 "
    "AND expires_at < ?2";
const std::string kRevokeByRefresh =
    "UPDATE grants SET revoked_at = COALESCE(revoked_at, ?2) "
    "WHERE id = (SELECT grant_id FROM refresh_tokens WHERE token_hash = ?1)";
const std::string kRevokeAccess =
    "UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, ?2) WHERE token_hash = ?1";

const std::string kFindGrant = "SELECT " + kGrantColumns + " FROM grants g WHERE g.id = ?1";
const std::string kFindRefresh = "SELECT " + kRefreshColumns + ", " + kGrantColumns +
                                 " FROM refresh_tokens r JOIN grants g ON g.id = r.grant_id "
                                 "WHERE r.token_hash = ?1 AND r.consumed_at IS NULL AND r.expires_at > ?2 AND " +
                                 kLiveGrant;
const std::string kFindAccess = "SELECT " + kAccessColumns + ", " + kGrantColumns +
                                " FROM access_tokens a JOIN grants g ON g.id = a.grant_id "
                                "WHERE a.token_hash = ?1 AND a.revoked_at IS NULL AND a.expires_at > ?2 AND " +
                                kLiveGrant;

// The consume step of a rotation, inside BEGIN IMMEDIATE: of concurrent rotations only one holds the
// write lock at a time, and the others then find consumed_at set. (SQLite's RETURNING takes no table
// qualifier.)
const std::string kConsumeRefresh =
    "UPDATE refresh_tokens AS r SET consumed_at = ?2 "
    "WHERE r.token_hash = ?1 AND r.consumed_at IS NULL AND r.expires_at > ?2 "
    "AND EXISTS (SELECT 1 FROM grants g WHERE g.id = r.grant_id AND " + kLiveGrant + ") RETURNING grant_id";
// A consumed token presented again: revoke its grant (RFC 9700 §4.14.2). No row: unknown or merely inactive.
const std::string kRevokeReplayed =
    "UPDATE grants SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = "
    "(SELECT grant_id FROM refresh_tokens WHERE token_hash = ?1 AND consumed_at IS NOT NULL)";
// One statement, so no rotation can consume the refresh token between the check and the insert.
const std::string kAddAccess =
    "INSERT INTO access_tokens (token_hash, grant_id, client_id, scope, cnf_x5t_s256, cnf_jkt, issued_at, expires_at, "
    "revoked_at) SELECT ?3, r.grant_id, ?4, ?5, ?6, ?7, ?8, ?9, ?10 "
    "FROM refresh_tokens r JOIN grants g ON g.id = r.grant_id "
    "WHERE r.token_hash = ?1 AND r.consumed_at IS NULL AND r.expires_at > ?2 AND " + kLiveGrant;
// In batches, so a large sweep does not hold the one write lock for long; tokens go by ON DELETE CASCADE.
const std::string kSweepBatch =
    "DELETE FROM grants WHERE id IN (SELECT id FROM grants WHERE expires_at < ?1 LIMIT ?2)";

// A revoked self-contained access token (RFC 7009 §2): a second revocation keeps the first record.
const std::string kRevokeSelfContained =
    "INSERT INTO revoked_jwt_access_tokens (jti, client_id, expires_at, revoked_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (jti) DO NOTHING";
const std::string kSelfContainedRevoked = "SELECT 1 FROM revoked_jwt_access_tokens WHERE jti = ?1 AND expires_at > ?2";
// Once the token itself has expired its record is no longer needed; batched like kSweepBatch.
const std::string kSweepRevokedBatch =
    "DELETE FROM revoked_jwt_access_tokens WHERE jti IN "
    "(SELECT jti FROM revoked_jwt_access_tokens WHERE expires_at < ?1 LIMIT ?2)";

const std::string kAppendAudit =
    "INSERT INTO audit_events (at, kind, client_id, subject, detail_json) VALUES (?1, ?2, ?3, ?4, ?5)";
const std::string kRecentAudit =
    "SELECT at, kind, client_id, subject, detail_json FROM audit_events ORDER BY id DESC LIMIT ?1";

}  // namespace fapid::storage::sqlite::sql
