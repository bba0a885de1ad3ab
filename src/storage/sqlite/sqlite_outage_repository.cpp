#include "storage/sqlite/sqlite_outage_repository.hpp"

#include <cstdint>
#include <string>

#include "storage/permissions_json.hpp"
#include "storage/sqlite/outage_sql.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

using sqlite::run;
using sqlite::SqliteConnection;
using sqlite::Statement;

namespace {

// In the column order of outage_sql.cpp. `endpoints_json` is kept alive by the caller until the
// statement has run (text is bound without a copy).
Statement& bind_outage(Statement& st, const OutageRecord& o, const std::string& endpoints_json) {
  return st.text(o.id)
      .time(o.outage_time)
      .integer(o.duration.count())
      .integer(o.is_partial ? 1 : 0)
      .text(o.explanation)
      .text(endpoints_json)
      .time(o.created_at)
      .time(o.updated_at)
      .text(o.updated_by);
}

// A stored endpoint list this build cannot read is a corrupt row: store_fault.
Result<OutageRecord> read_outage(const Statement& st, std::string_view operation) {
  OutageRecord o;
  o.id = st.column_text(0);
  o.outage_time = st.column_time(1);
  o.duration = std::chrono::seconds(st.column_integer(2));
  o.is_partial = st.column_integer(3) != 0;
  o.explanation = st.column_text(4);
  // A JSON array of strings: the same encoding as a consent's permissions.
  auto endpoints = permissions_from_json(st.column_text(5));
  if (!endpoints)
    return store_fault("sqlite: " + std::string(operation) + ": stored endpoints are not a JSON array of strings");
  o.unavailable_endpoints = std::move(*endpoints);
  o.created_at = st.column_time(6);
  o.updated_at = st.column_time(7);
  o.updated_by = st.column_text(8);
  return o;
}

Statement& bind_window(Statement& st, const OutageQuery& q) { return st.time(q.from).time(q.to); }

}  // namespace

SqliteOutageRepository::SqliteOutageRepository(std::shared_ptr<SqliteDatabase> database)
    : database_(std::move(database)) {}

Result<void> SqliteOutageRepository::create(const OutageRecord& outage) {
  const std::string endpoints = permissions_to_json(outage.unavailable_endpoints);
  return database_->write("create_outage", [&](SqliteConnection& conn) -> Result<void> {
    return run(conn, sqlite::sql::kInsertOutage, "create_outage",
               [&](Statement& st) -> Statement& { return bind_outage(st, outage, endpoints); });
  });
}

Result<std::optional<OutageRecord>> SqliteOutageRepository::find(std::string_view id) {
  constexpr std::string_view kOp = "find_outage";
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::optional<OutageRecord>> {
    auto st = conn.prepare(sqlite::sql::kFindOutage, kOp);
    if (!st) return st.error();
    auto row = st->text(id).step();
    if (!row) return row.error();
    if (!*row) return std::optional<OutageRecord>();
    auto outage = read_outage(*st, kOp);
    if (!outage) return outage.error();
    return std::optional<OutageRecord>(std::move(*outage));
  });
}

Result<std::vector<OutageRecord>> SqliteOutageRepository::list(const OutageQuery& query) {
  constexpr std::string_view kOp = "list_outages";
  if (auto checked = check_outage_query(query); !checked) return checked.error();
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::vector<OutageRecord>> {
    auto st = conn.prepare(sqlite::sql::kListOutages, kOp);
    if (!st) return st.error();
    bind_window(*st, query)
        .integer(static_cast<std::int64_t>(query.limit))
        .integer(static_cast<std::int64_t>(query.offset));
    std::vector<OutageRecord> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return out;
      auto outage = read_outage(*st, kOp);
      if (!outage) return outage.error();
      out.push_back(std::move(*outage));
    }
  });
}

Result<std::size_t> SqliteOutageRepository::count(const OutageQuery& query) {
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::size_t> {
    auto st = conn.prepare(sqlite::sql::kCountOutages, "count_outages");
    if (!st) return st.error();
    auto row = bind_window(*st, query).step();
    if (!row) return row.error();
    if (!*row) return store_fault("sqlite: count_outages: count(*) returned no row");
    return static_cast<std::size_t>(st->column_integer(0));
  });
}

Result<bool> SqliteOutageRepository::update(const OutageRecord& outage) {
  const std::string endpoints = permissions_to_json(outage.unavailable_endpoints);
  return database_->write("update_outage", [&](SqliteConnection& conn) -> Result<bool> {
    auto done = run(conn, sqlite::sql::kUpdateOutage, "update_outage",
                    [&](Statement& st) -> Statement& { return bind_outage(st, outage, endpoints); });
    if (!done) return done.error();
    return conn.changes() > 0;
  });
}

Result<bool> SqliteOutageRepository::remove(std::string_view id) {
  return database_->write("remove_outage", [&](SqliteConnection& conn) -> Result<bool> {
    auto done = run(conn, sqlite::sql::kDeleteOutage, "remove_outage",
                    [&](Statement& st) -> Statement& { return st.text(id); });
    if (!done) return done.error();
    return conn.changes() > 0;
  });
}

}  // namespace fapid::storage
