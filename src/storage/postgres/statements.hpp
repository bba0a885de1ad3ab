#pragma once
// Every SQL statement the grant repository (with its revoked self-contained tokens) and the audit log
// run, prepared once per connection. Each single-use rule is one statement whose row lock makes
// concurrent attempts serialise at READ COMMITTED (STYLE.md, Storage: `UPDATE ... WHERE consumed_at IS
// NULL RETURNING`).
#include <pqxx/connection>

namespace fapid::storage::postgres::sql {

// Column lists, in the order row_mapping.cpp reads them.
inline constexpr const char* kGrantColumns =
    "g.id, g.client_id, g.subject, g.scope, g.consent_id, g.code_hash, g.claims_json, g.created_at, g.expires_at, "
    "g.revoked_at";
inline constexpr int kGrantColumnCount = 10;

inline constexpr const char* kInsertGrant = "insert_grant";
inline constexpr const char* kInsertRefresh = "insert_refresh";
inline constexpr const char* kInsertAccess = "insert_access";
inline constexpr const char* kRevokeGrant = "revoke_grant";
inline constexpr const char* kRevokeGrantByCode = "revoke_grant_by_code";
inline constexpr const char* kRevokeConsent = "revoke_consent";
inline constexpr const char* kExtendConsentRefresh = "extend_consent_refresh";
inline constexpr const char* kExtendConsentGrants = "extend_consent_grants";
inline constexpr const char* kFindGrant = "find_grant";
inline constexpr const char* kFindRefresh = "find_refresh";
inline constexpr const char* kFindAccess = "find_access";
inline constexpr const char* kConsumeRefresh = "consume_refresh";
inline constexpr const char* kRevokeReplayed = "revoke_replayed";
inline constexpr const char* kAddAccess = "add_access";
inline constexpr const char* kRevokeAccess = "revoke_access";
inline constexpr const char* kRevokeByRefresh = "revoke_by_refresh";
inline constexpr const char* kSweepBatch = "sweep_batch";
inline constexpr const char* kRevokeSelfContained = "revoke_self_contained";
inline constexpr const char* kSelfContainedRevoked = "self_contained_revoked";
inline constexpr const char* kSweepRevokedBatch = "sweep_revoked_batch";
inline constexpr const char* kAppendAudit = "append_audit";
inline constexpr const char* kRecentAudit = "recent_audit";

// Registers every statement above on `db` (libpqxx sends them to the server on first use).
void prepare_statements(pqxx::connection_base& db);

}  // namespace fapid::storage::postgres::sql
