#include "storage/postgres/consent_statements.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace fapid::storage::postgres::sql {
namespace {

constexpr std::array<std::string_view, 4> kSearchColumns{"logged_user_document", "business_entity_document",
                                                         "client_id", "status"};
constexpr std::array<const char*, 16> kSearchNames{
    "search_consents_0",  "search_consents_1",  "search_consents_2",  "search_consents_3",
    "search_consents_4",  "search_consents_5",  "search_consents_6",  "search_consents_7",
    "search_consents_8",  "search_consents_9",  "search_consents_10", "search_consents_11",
    "search_consents_12", "search_consents_13", "search_consents_14", "search_consents_15"};

// Variant i compares the columns whose bit is set in i; every other parameter is tested for NULL, a
// condition on no column that the plan checks once, so each parameter has a type. count(*) OVER ()
// counts every match before LIMIT; COLLATE "C" orders ids in byte order, as SQLite's BINARY does.
// Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict on `"literal" + std::string&&`.
std::string search_variant(std::size_t i) {
  std::string sql =
      "SELECT id, client_id, status, logged_user_document, business_entity_document, permissions, created_at, "
      "status_updated_at, expires_at, subject, rejected_by, rejection_reason, rejection_additional_information, "
      "count(*) OVER () FROM consents";
  for (std::size_t c = 0; c < kSearchColumns.size(); ++c) {
    sql.append(c == 0 ? " WHERE " : " AND ");
    if (i & (std::size_t{1} << c)) sql.append(kSearchColumns[c]).append(" = ");
    sql.append("$").append(std::to_string(c + 1)).append("::text");
    if (!(i & (std::size_t{1} << c))) sql.append(" IS NULL");
  }
  sql.append(" ORDER BY created_at DESC, id COLLATE \"C\" LIMIT $5::bigint OFFSET $6::bigint");
  return sql;
}

}  // namespace

const char* search_consents(const ConsentSearch& search) {
  const std::size_t i = (search.logged_user_document ? 1u : 0u) | (search.business_entity_document ? 2u : 0u) |
                        (search.client_id ? 4u : 0u) | (search.status ? 8u : 0u);
  return kSearchNames[i];
}

void prepare_consent_statements(pqxx::connection_base& db) {
  // Takes the key when it is new or expired at $7 (the creation's time) and returns a row; a live key
  // is left alone, returns nothing, and stays locked until the transaction ends (ON CONFLICT DO UPDATE
  // locks the row even when its WHERE fails), so racing creations with one key queue here and the
  // later ones see the first's key.
  db.prepare(kClaimIdempotencyKey,
             "INSERT INTO consent_idempotency_keys (client_id, key, request_hash, consent_id, response_body, "
             "expires_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id, key) DO UPDATE SET "
             "request_hash = EXCLUDED.request_hash, consent_id = EXCLUDED.consent_id, "
             "response_body = EXCLUDED.response_body, expires_at = EXCLUDED.expires_at "
             "WHERE consent_idempotency_keys.expires_at <= $7::bigint RETURNING client_id");
  db.prepare(kFindIdempotencyKey,
             "SELECT request_hash, response_body FROM consent_idempotency_keys WHERE client_id = $1 AND key = $2");

  // The column order read_consent expects (consent_rows.cpp).
  db.prepare(kInsertConsent,
             "INSERT INTO consents (id, client_id, status, logged_user_document, business_entity_document, "
             "permissions, created_at, status_updated_at, expires_at, subject, rejected_by, rejection_reason, "
             "rejection_additional_information) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
  db.prepare(kInsertConsentHistory,
             "INSERT INTO consent_history (consent_id, at, from_status, to_status, actor, reason) "
             "VALUES ($1, $2, $3, $4, $5, $6)");
  db.prepare(kFindConsent,
             "SELECT id, client_id, status, logged_user_document, business_entity_document, permissions, created_at, "
             "status_updated_at, expires_at, subject, rejected_by, rejection_reason, rejection_additional_information "
             "FROM consents WHERE id = $1");

  // A concurrent transition of the same consent waits for the row lock, then re-checks `status = $2`
  // on the committed row and matches nothing. An empty subject ($5) keeps the stored one; NULL
  // rejection columns ($6..$8) keep theirs.
  db.prepare(kTransitionConsent,
             "UPDATE consents SET status = $3, status_updated_at = $4, "
             "subject = CASE WHEN $5::text = '' THEN subject ELSE $5::text END, "
             "rejected_by = COALESCE($6, rejected_by), rejection_reason = COALESCE($7, rejection_reason), "
             "rejection_additional_information = COALESCE($8, rejection_additional_information) "
             "WHERE id = $1 AND status = $2 RETURNING id");

  // FOR UPDATE: no transition or other extension changes the consent between this read and the update.
  db.prepare(kLockConsentExpiry, "SELECT status, expires_at FROM consents WHERE id = $1 FOR UPDATE");
  db.prepare(kSetConsentExpiry, "UPDATE consents SET expires_at = $2 WHERE id = $1");
  db.prepare(kInsertConsentExtension,
             "INSERT INTO consent_extensions (consent_id, expires_at, previous_expires_at, logged_user_document, "
             "requested_at, customer_ip_address, customer_user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)");

  // The column orders read_extension and read_transition expect; seq is the order of insertion.
  db.prepare(kConsentExtensions,
             "SELECT consent_id, expires_at, previous_expires_at, logged_user_document, requested_at, "
             "customer_ip_address, customer_user_agent FROM consent_extensions WHERE consent_id = $1 "
             "ORDER BY seq DESC");
  db.prepare(kConsentHistory,
             "SELECT consent_id, at, from_status, to_status, actor, reason FROM consent_history "
             "WHERE consent_id = $1 ORDER BY seq");

  // The back office's consent search: one statement per combination of criteria (search_consents).
  for (std::size_t i = 0; i < kSearchNames.size(); ++i) db.prepare(kSearchNames[i], search_variant(i));

  // In batches, skipping keys a creation holds locked.
  db.prepare(kSweepIdempotencyKeys,
             "DELETE FROM consent_idempotency_keys WHERE (client_id, key) IN (SELECT client_id, key FROM "
             "consent_idempotency_keys WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)");
}

}  // namespace fapid::storage::postgres::sql
