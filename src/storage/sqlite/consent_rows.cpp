#include "storage/sqlite/consent_rows.hpp"

#include <string>

#include "storage/permissions_json.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage::sqlite {

Statement& bind_consent(Statement& st, const ConsentRecord& c, const std::string& permissions_json) {
  st.text(c.id)
      .text(c.client_id)
      .text(to_string(c.status))
      .text(c.logged_user_document)
      .text(c.business_entity_document)
      .text(permissions_json)
      .time(c.created_at)
      .time(c.status_updated_at)
      .time(c.expires_at)
      .text(c.subject);
  if (!c.rejection) return st.null().null().null();
  return st.text(c.rejection->rejected_by).text(c.rejection->reason).text(c.rejection->additional_information);
}

Statement& bind_extension(Statement& st, const ConsentExtension& e) {
  return st.text(e.consent_id)
      .time(e.expires_at)
      .time(e.previous_expires_at)
      .text(e.logged_user_document)
      .time(e.requested_at)
      .text(e.customer_ip_address)
      .text(e.customer_user_agent);
}

Result<ConsentStatus> read_status(const Statement& st, int index, std::string_view operation) {
  auto status = consent_status_from_string(st.column_text(index));
  if (!status) return store_fault("sqlite: " + std::string(operation) + ": a stored consent status is unknown");
  return *status;
}

Result<ConsentRecord> read_consent(const Statement& st) {
  ConsentRecord c;
  c.id = st.column_text(0);
  c.client_id = st.column_text(1);
  auto status = read_status(st, 2, "find_consent");
  if (!status) return status.error();
  c.status = *status;
  c.logged_user_document = st.column_text(3);
  c.business_entity_document = st.column_text(4);
  auto permissions = permissions_from_json(st.column_text(5));
  if (!permissions) return store_fault("sqlite: find_consent: stored permissions are not a JSON array of strings");
  c.permissions = std::move(*permissions);
  c.created_at = st.column_time(6);
  c.status_updated_at = st.column_time(7);
  c.expires_at = st.column_optional_time(8);
  c.subject = st.column_text(9);
  if (!st.column_is_null(10)) c.rejection = ConsentRejection{st.column_text(10), st.column_text(11), st.column_text(12)};
  return c;
}

ConsentExtension read_extension(const Statement& st) {
  ConsentExtension e;
  e.consent_id = st.column_text(0);
  e.expires_at = st.column_optional_time(1);
  e.previous_expires_at = st.column_optional_time(2);
  e.logged_user_document = st.column_text(3);
  e.requested_at = st.column_time(4);
  e.customer_ip_address = st.column_text(5);
  e.customer_user_agent = st.column_text(6);
  return e;
}

Result<ConsentTransition> read_transition(const Statement& st) {
  ConsentTransition t;
  t.consent_id = st.column_text(0);
  t.at = st.column_time(1);
  if (!st.column_is_null(2)) {
    auto from = read_status(st, 2, "consent_history");
    if (!from) return from.error();
    t.from = *from;
  }
  auto to = read_status(st, 3, "consent_history");
  if (!to) return to.error();
  t.to = *to;
  t.actor = st.column_text(4);
  t.reason = st.column_text(5);
  return t;
}

}  // namespace fapid::storage::sqlite
