#include "storage/sqlite/outage_sql.hpp"

namespace fapid::storage::sqlite::sql {
namespace {

// The column order bind_outage and read_outage expect (sqlite_outage_repository.cpp).
const std::string kOutageColumns =
    "id, outage_time, duration_seconds, is_partial, explanation, unavailable_endpoints, created_at, updated_at, "
    "updated_by";

// The outages whose [outage_time, outage_time + duration) overlaps [?1, ?2); a NULL bound is open.
// Times are milliseconds, durations seconds.
const std::string kOverlaps =
    " WHERE (?1 IS NULL OR outage_time + duration_seconds * 1000 > ?1) AND (?2 IS NULL OR outage_time < ?2)";

}  // namespace

// A taken id is a constraint error (store_fault): ids are random, a collision is a bug.
const std::string kInsertOutage =
    "INSERT INTO outages (" + kOutageColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const std::string kFindOutage = "SELECT " + kOutageColumns + " FROM outages WHERE id = ?1";
// TEXT compares with BINARY (byte order), the order PostgreSQL gets from COLLATE "C".
const std::string kListOutages =
    "SELECT " + kOutageColumns + " FROM outages" + kOverlaps + " ORDER BY outage_time, id LIMIT ?3 OFFSET ?4";
const std::string kCountOutages = "SELECT count(*) FROM outages" + kOverlaps;
// The same parameters as the insert; ?7 (created_at) is bound and ignored: it stays as first recorded.
const std::string kUpdateOutage =
    "UPDATE outages SET outage_time = ?2, duration_seconds = ?3, is_partial = ?4, explanation = ?5, "
    "unavailable_endpoints = ?6, updated_at = ?8, updated_by = ?9 WHERE id = ?1";
const std::string kDeleteOutage = "DELETE FROM outages WHERE id = ?1";

}  // namespace fapid::storage::sqlite::sql
