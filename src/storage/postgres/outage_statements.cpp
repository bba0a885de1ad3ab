#include "storage/postgres/outage_statements.hpp"

#include <string>

namespace fapid::storage::postgres::sql {
namespace {

// The column order read_outage expects (postgres_outage_repository.cpp).
const std::string kOutageColumns =
    "id, outage_time, duration_seconds, is_partial, explanation, unavailable_endpoints, created_at, updated_at, "
    "updated_by";

// The outages whose [outage_time, outage_time + duration) overlaps [$1, $2); a NULL bound is open.
// Times are milliseconds, durations seconds.
const std::string kOverlaps =
    " WHERE ($1::bigint IS NULL OR outage_time + duration_seconds * 1000 > $1::bigint)"
    " AND ($2::bigint IS NULL OR outage_time < $2::bigint)";

}  // namespace

void prepare_outage_statements(pqxx::connection_base& db) {
  // A taken id is a unique violation (store_fault): ids are random, a collision is a bug.
  db.prepare(kInsertOutage,
             "INSERT INTO outages (" + kOutageColumns + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
  db.prepare(kFindOutage, "SELECT " + kOutageColumns + " FROM outages WHERE id = $1");
  // COLLATE "C": ids tie-break in byte order, as SQLite's BINARY does, whatever the database's locale.
  db.prepare(kListOutages, "SELECT " + kOutageColumns + " FROM outages" + kOverlaps +
                               " ORDER BY outage_time, id COLLATE \"C\" LIMIT $3::bigint OFFSET $4::bigint");
  db.prepare(kCountOutages, "SELECT count(*) FROM outages" + kOverlaps);
  // created_at is left as first recorded.
  db.prepare(kUpdateOutage,
             "UPDATE outages SET outage_time = $2, duration_seconds = $3, is_partial = $4, explanation = $5, "
             "unavailable_endpoints = $6, updated_at = $7, updated_by = $8 WHERE id = $1 RETURNING id");
  db.prepare(kDeleteOutage, "DELETE FROM outages WHERE id = $1 RETURNING id");
}

}  // namespace fapid::storage::postgres::sql
