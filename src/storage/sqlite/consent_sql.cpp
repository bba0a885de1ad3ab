#include "storage/sqlite/consent_sql.hpp"

#include <array>
#include <cstddef>

namespace fapid::storage::sqlite::sql {
namespace {

constexpr std::array<std::string_view, 4> kSearchCriteria{
    "logged_user_document = ?1", "business_entity_document = ?2", "client_id = ?3", "status = ?4"};

// Variant i has the criteria whose bit is set in i. count(*) OVER () counts every match before LIMIT.
std::array<std::string, 16> search_variants() {
  std::array<std::string, 16> out;
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::string where;
    for (std::size_t c = 0; c < kSearchCriteria.size(); ++c) {
      if ((i & (std::size_t{1} << c)) == 0) continue;
      where += where.empty() ? " WHERE " : " AND ";
      where += kSearchCriteria[c];
    }
    out[i] = "SELECT id, client_id, status, logged_user_document, business_entity_document, permissions, created_at, "
             "status_updated_at, expires_at, subject, rejected_by, rejection_reason, rejection_additional_information, "
             "count(*) OVER () FROM consents" +
             where + " ORDER BY created_at DESC, id LIMIT ?5 OFFSET ?6";
  }
  return out;
}

}  // namespace

// Takes the key when it is new or expired at ?7 (the creation's time); a live key is left alone and
// changes() is 0. Run under BEGIN IMMEDIATE, so no other creation sees the key in between.
const std::string kClaimIdempotencyKey =
    "INSERT INTO consent_idempotency_keys (client_id, key, request_hash, consent_id, response_body, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (client_id, key) DO UPDATE SET "
    "request_hash = excluded.request_hash, consent_id = excluded.consent_id, "
    "response_body = excluded.response_body, expires_at = excluded.expires_at "
    "WHERE consent_idempotency_keys.expires_at <= ?7";
const std::string kFindIdempotencyKey =
    "SELECT request_hash, response_body FROM consent_idempotency_keys WHERE client_id = ?1 AND key = ?2";

// The column order bind_consent and read_consent expect (consent_rows.cpp).
const std::string kInsertConsent =
    "INSERT INTO consents (id, client_id, status, logged_user_document, business_entity_document, permissions, "
    "created_at, status_updated_at, expires_at, subject, rejected_by, rejection_reason, "
    "rejection_additional_information) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
const std::string kInsertConsentHistory =
    "INSERT INTO consent_history (consent_id, at, from_status, to_status, actor, reason) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const std::string kFindConsent =
    "SELECT id, client_id, status, logged_user_document, business_entity_document, permissions, created_at, "
    "status_updated_at, expires_at, subject, rejected_by, rejection_reason, rejection_additional_information "
    "FROM consents WHERE id = ?1";

// Conditional on the status the caller saw (?2): of racing transitions only the first matches. An
// empty subject (?5) keeps the stored one; NULL rejection columns (?6..?8) keep theirs.
const std::string kTransitionConsent =
    "UPDATE consents SET status = ?3, status_updated_at = ?4, "
    "subject = CASE WHEN ?5 = '' THEN subject ELSE ?5 END, "
    "rejected_by = COALESCE(?6, rejected_by), rejection_reason = COALESCE(?7, rejection_reason), "
    "rejection_additional_information = COALESCE(?8, rejection_additional_information) "
    "WHERE id = ?1 AND status = ?2";

const std::string kConsentExpiry = "SELECT status, expires_at FROM consents WHERE id = ?1";
const std::string kSetConsentExpiry = "UPDATE consents SET expires_at = ?2 WHERE id = ?1";
const std::string kInsertConsentExtension =
    "INSERT INTO consent_extensions (consent_id, expires_at, previous_expires_at, logged_user_document, "
    "requested_at, customer_ip_address, customer_user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

// The column orders read_extension and read_transition expect; seq is the order of insertion.
const std::string kConsentExtensions =
    "SELECT consent_id, expires_at, previous_expires_at, logged_user_document, requested_at, customer_ip_address, "
    "customer_user_agent FROM consent_extensions WHERE consent_id = ?1 ORDER BY seq DESC";
const std::string kConsentHistory =
    "SELECT consent_id, at, from_status, to_status, actor, reason FROM consent_history WHERE consent_id = ?1 "
    "ORDER BY seq";

// In batches, so a large sweep does not hold the one write lock for long.
const std::string kSweepIdempotencyKeys =
    "DELETE FROM consent_idempotency_keys WHERE rowid IN "
    "(SELECT rowid FROM consent_idempotency_keys WHERE expires_at <= ?1 LIMIT ?2)";

// The statement cache keys on the text's address: these live as long as the program.
const std::string& search_consents(const ConsentSearch& search) {
  static const std::array<std::string, 16> variants = search_variants();
  const std::size_t i = (search.logged_user_document ? 1u : 0u) | (search.business_entity_document ? 2u : 0u) |
                        (search.client_id ? 4u : 0u) | (search.status ? 8u : 0u);
  return variants[i];
}

}  // namespace fapid::storage::sqlite::sql
