#pragma once
// The SQL of the grant repository (with its revoked self-contained tokens) and the audit log, in one
// place so the reading order of columns (grant_rows.hpp) and the writing order of parameters are
// checked side by side.
#include <string>

namespace fapid::storage::sqlite::sql {

extern const std::string kCodeRedeemed;
extern const std::string kInsertGrant;
extern const std::string kInsertRefresh;
extern const std::string kInsertAccess;

extern const std::string kRevokeGrant;
extern const std::string kRevokeGrantByCode;
extern const std::string kRevokeConsent;
extern const std::string kExtendConsentRefresh;
extern const std::string kExtendConsentGrants;
extern const std::string kRevokeByRefresh;
extern const std::string kRevokeAccess;

extern const std::string kFindGrant;
extern const std::string kFindRefresh;
extern const std::string kFindAccess;

extern const std::string kConsumeRefresh;
extern const std::string kRevokeReplayed;
extern const std::string kAddAccess;
extern const std::string kSweepBatch;

extern const std::string kRevokeSelfContained;
extern const std::string kSelfContainedRevoked;
extern const std::string kSweepRevokedBatch;

extern const std::string kAppendAudit;
extern const std::string kRecentAudit;

}  // namespace fapid::storage::sqlite::sql
