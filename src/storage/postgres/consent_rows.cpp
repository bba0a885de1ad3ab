#include "storage/postgres/consent_rows.hpp"

#include <pqxx/except>

#include "storage/permissions_json.hpp"
#include "storage/postgres/row_mapping.hpp"

namespace fapid::storage::postgres {

ConsentStatus read_status(const pqxx::field& field) {
  const auto status = consent_status_from_string(field.as<std::string>());
  if (!status) throw pqxx::conversion_error("unknown consent status");
  return *status;
}

ConsentRecord read_consent(const pqxx::row& row) {
  ConsentRecord c;
  c.id = row[0].as<std::string>();
  c.client_id = row[1].as<std::string>();
  c.status = read_status(row[2]);
  c.logged_user_document = row[3].as<std::string>();
  c.business_entity_document = row[4].as<std::string>();
  auto permissions = permissions_from_json(row[5].as<std::string>());
  if (!permissions) throw pqxx::conversion_error("consent permissions are not a JSON array of strings");
  c.permissions = std::move(*permissions);
  c.created_at = from_millis(row[6].as<std::int64_t>());
  c.status_updated_at = from_millis(row[7].as<std::int64_t>());
  c.expires_at = optional_time(row[8]);
  c.subject = row[9].as<std::string>();
  if (!row[10].is_null())
    c.rejection = ConsentRejection{row[10].as<std::string>(), row[11].as<std::string>(std::string()),
                                   row[12].as<std::string>(std::string())};
  return c;
}

ConsentExtension read_extension(const pqxx::row& row) {
  ConsentExtension e;
  e.consent_id = row[0].as<std::string>();
  e.expires_at = optional_time(row[1]);
  e.previous_expires_at = optional_time(row[2]);
  e.logged_user_document = row[3].as<std::string>();
  e.requested_at = from_millis(row[4].as<std::int64_t>());
  e.customer_ip_address = row[5].as<std::string>();
  e.customer_user_agent = row[6].as<std::string>();
  return e;
}

ConsentTransition read_transition(const pqxx::row& row) {
  ConsentTransition t;
  t.consent_id = row[0].as<std::string>();
  t.at = from_millis(row[1].as<std::int64_t>());
  if (!row[2].is_null()) t.from = read_status(row[2]);
  t.to = read_status(row[3]);
  t.actor = row[4].as<std::string>();
  t.reason = row[5].as<std::string>();
  return t;
}

}  // namespace fapid::storage::postgres
