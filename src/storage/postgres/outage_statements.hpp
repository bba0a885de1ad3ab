#pragma once
// The SQL of the outage repository, prepared once per connection beside statements.hpp's.
#include <pqxx/connection>

namespace fapid::storage::postgres::sql {

inline constexpr const char* kInsertOutage = "insert_outage";
inline constexpr const char* kFindOutage = "find_outage";
inline constexpr const char* kListOutages = "list_outages";
inline constexpr const char* kCountOutages = "count_outages";
inline constexpr const char* kUpdateOutage = "update_outage";
inline constexpr const char* kDeleteOutage = "delete_outage";

void prepare_outage_statements(pqxx::connection_base& db);

}  // namespace fapid::storage::postgres::sql
