#include "storage/postgres/postgres_outage_repository.hpp"

#include <cstdint>
#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <string>

#include "storage/permissions_json.hpp"
#include "storage/postgres/outage_statements.hpp"
#include "storage/postgres/postgres_pool.hpp"
#include "storage/postgres/row_mapping.hpp"

namespace fapid::storage {

using postgres::from_millis;
using postgres::PgSession;
using postgres::to_millis;
using postgres::to_nullable;
namespace sql = postgres::sql;

namespace {

// In the column order of outage_statements.cpp. Throws pqxx::conversion_error on a column of another
// type (pg_error.cpp maps it); an endpoint list that is not a JSON array of strings is store_fault.
Result<OutageRecord> read_outage(const pqxx::row& row, std::string_view operation) {
  OutageRecord o;
  o.id = row[0].as<std::string>();
  o.outage_time = from_millis(row[1].as<std::int64_t>());
  o.duration = std::chrono::seconds(row[2].as<std::int64_t>());
  o.is_partial = row[3].as<bool>();
  o.explanation = row[4].as<std::string>();
  // A JSON array of strings: the same encoding as a consent's permissions.
  auto endpoints = permissions_from_json(row[5].as<std::string>());
  if (!endpoints)
    return store_fault("postgres: " + std::string(operation) + ": stored endpoints are not a JSON array of strings");
  o.unavailable_endpoints = std::move(*endpoints);
  o.created_at = from_millis(row[6].as<std::int64_t>());
  o.updated_at = from_millis(row[7].as<std::int64_t>());
  o.updated_by = row[8].as<std::string>();
  return o;
}

}  // namespace

PostgresOutageRepository::PostgresOutageRepository(std::shared_ptr<postgres::PostgresPool> pool)
    : pool_(std::move(pool)) {}
PostgresOutageRepository::~PostgresOutageRepository() = default;

Result<void> PostgresOutageRepository::create(const OutageRecord& o) {
  return pool_->run<void>("create_outage", [&](PgSession& s) -> Result<void> {
    pqxx::work tx(s.db());
    tx.exec_prepared0(sql::kInsertOutage, o.id, to_millis(o.outage_time), static_cast<std::int64_t>(o.duration.count()),
                      o.is_partial, o.explanation, permissions_to_json(o.unavailable_endpoints),
                      to_millis(o.created_at), to_millis(o.updated_at), o.updated_by);
    tx.commit();
    return {};
  });
}

Result<std::optional<OutageRecord>> PostgresOutageRepository::find(std::string_view id) {
  constexpr std::string_view kOp = "find_outage";
  using Found = std::optional<OutageRecord>;
  return pool_->run<Found>(kOp, [&](PgSession& s) -> Result<Found> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kFindOutage, std::string(id));
    if (rows.empty()) return Found();
    auto outage = read_outage(rows[0], kOp);
    if (!outage) return outage.error();
    return Found(std::move(*outage));
  });
}

Result<std::vector<OutageRecord>> PostgresOutageRepository::list(const OutageQuery& query) {
  constexpr std::string_view kOp = "list_outages";
  if (auto checked = check_outage_query(query); !checked) return checked.error();
  using Page = std::vector<OutageRecord>;
  return pool_->run<Page>(kOp, [&](PgSession& s) -> Result<Page> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kListOutages, to_nullable(query.from), to_nullable(query.to),
                                       static_cast<std::int64_t>(query.limit), static_cast<std::int64_t>(query.offset));
    Page out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
      auto outage = read_outage(row, kOp);
      if (!outage) return outage.error();
      out.push_back(std::move(*outage));
    }
    return out;
  });
}

Result<std::size_t> PostgresOutageRepository::count(const OutageQuery& query) {
  return pool_->run<std::size_t>("count_outages", [&](PgSession& s) -> Result<std::size_t> {
    pqxx::nontransaction tx(s.db());
    const auto row = tx.exec_prepared1(sql::kCountOutages, to_nullable(query.from), to_nullable(query.to));
    return static_cast<std::size_t>(row[0].as<std::int64_t>());
  });
}

Result<bool> PostgresOutageRepository::update(const OutageRecord& o) {
  return pool_->run<bool>("update_outage", [&](PgSession& s) -> Result<bool> {
    pqxx::work tx(s.db());
    const auto rows = tx.exec_prepared(sql::kUpdateOutage, o.id, to_millis(o.outage_time),
                                       static_cast<std::int64_t>(o.duration.count()), o.is_partial, o.explanation,
                                       permissions_to_json(o.unavailable_endpoints), to_millis(o.updated_at),
                                       o.updated_by);
    tx.commit();
    return !rows.empty();
  });
}

Result<bool> PostgresOutageRepository::remove(std::string_view id) {
  return pool_->run<bool>("remove_outage", [&](PgSession& s) -> Result<bool> {
    pqxx::work tx(s.db());
    const auto rows = tx.exec_prepared(sql::kDeleteOutage, std::string(id));
    tx.commit();
    return !rows.empty();
  });
}

}  // namespace fapid::storage
