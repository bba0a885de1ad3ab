#include "storage/postgres/row_mapping.hpp"

namespace fapid::storage::postgres {

std::optional<TimePoint> optional_time(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return from_millis(f.as<std::int64_t>());
}

std::int64_t to_millis(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_millis(std::int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

NullableMillis to_nullable(const std::optional<TimePoint>& t) {
  if (!t) return {};
  return {to_millis(*t)};
}

GrantRecord read_grant(const pqxx::row& row, pqxx::row::size_type first) {
  GrantRecord g;
  g.id = row[first].as<std::string>();
  g.client_id = row[first + 1].as<std::string>();
  g.subject = row[first + 2].as<std::string>();
  g.scope = row[first + 3].as<std::string>();
  g.consent_id = row[first + 4].as<std::string>();
  g.code_hash = row[first + 5].as<std::string>(std::string());  // NULL: no code
  g.claims_json = row[first + 6].as<std::string>();
  g.created_at = from_millis(row[first + 7].as<std::int64_t>());
  g.expires_at = from_millis(row[first + 8].as<std::int64_t>());
  g.revoked_at = optional_time(row[first + 9]);
  return g;
}

RefreshTokenRecord read_refresh_token(const pqxx::row& row, pqxx::row::size_type first) {
  RefreshTokenRecord t;
  t.token_hash = row[first].as<std::string>();
  t.grant_id = row[first + 1].as<std::string>();
  t.cnf = {row[first + 2].as<std::string>(), row[first + 3].as<std::string>()};
  t.created_at = from_millis(row[first + 4].as<std::int64_t>());
  t.expires_at = from_millis(row[first + 5].as<std::int64_t>());
  t.consumed_at = optional_time(row[first + 6]);
  return t;
}

AccessTokenRecord read_access_token(const pqxx::row& row, pqxx::row::size_type first) {
  AccessTokenRecord t;
  t.token_hash = row[first].as<std::string>();
  t.grant_id = row[first + 1].as<std::string>();
  t.client_id = row[first + 2].as<std::string>();
  t.scope = row[first + 3].as<std::string>();
  t.cnf = {row[first + 4].as<std::string>(), row[first + 5].as<std::string>()};
  t.issued_at = from_millis(row[first + 6].as<std::int64_t>());
  t.expires_at = from_millis(row[first + 7].as<std::int64_t>());
  t.revoked_at = optional_time(row[first + 8]);
  return t;
}

AuditEvent read_audit_event(const pqxx::row& row) {
  return AuditEvent{from_millis(row[0].as<std::int64_t>()), row[1].as<std::string>(), row[2].as<std::string>(),
                    row[3].as<std::string>(), row[4].as<std::string>()};
}

}  // namespace fapid::storage::postgres
