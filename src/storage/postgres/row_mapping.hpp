#pragma once
// Records to statement parameters and rows back to records. Times travel as bigint milliseconds since
// the epoch, the precision every adapter keeps (tests/unit/storage/contract/README.md).
#include <cstdint>
#include <optional>
#include <pqxx/result>
#include <pqxx/row>
#include <pqxx/strconv>
#include <string>

#include "storage/records.hpp"

namespace fapid::storage::postgres {

std::int64_t to_millis(TimePoint t);
TimePoint from_millis(std::int64_t ms);

// An optional time as a statement parameter: SQL NULL when absent (libpqxx 6 has no std::optional
// parameters).
struct NullableMillis {
  std::optional<std::int64_t> value;
};
NullableMillis to_nullable(const std::optional<TimePoint>& t);
// A nullable bigint column back to an optional time.
std::optional<TimePoint> optional_time(const pqxx::field& f);

// Readers take the row and the index of the record's first column (see the column lists in
// statements.cpp); they throw pqxx::conversion_error on a corrupt row, which pg_error.cpp maps.
GrantRecord read_grant(const pqxx::row& row, pqxx::row::size_type first);
RefreshTokenRecord read_refresh_token(const pqxx::row& row, pqxx::row::size_type first);
AccessTokenRecord read_access_token(const pqxx::row& row, pqxx::row::size_type first);
AuditEvent read_audit_event(const pqxx::row& row);

}  // namespace fapid::storage::postgres

namespace pqxx {

template <>
struct string_traits<fapid::storage::postgres::NullableMillis> {
  using Value = fapid::storage::postgres::NullableMillis;
  static constexpr const char* name() noexcept { return "NullableMillis"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const Value& v) { return !v.value.has_value(); }
  static Value null() { return {}; }
  static void from_string(const char str[], Value& v) {
    std::int64_t ms = 0;
    string_traits<std::int64_t>::from_string(str, ms);
    v.value = ms;
  }
  static std::string to_string(const Value& v) { return std::to_string(*v.value); }
};

}  // namespace pqxx
