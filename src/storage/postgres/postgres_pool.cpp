#include "storage/postgres/postgres_pool.hpp"

namespace fapid::storage::postgres {

Result<std::shared_ptr<PostgresPool>> PostgresPool::open(const PostgresOptions& options) {
  if (options.schema.empty()) return store_fault("postgres: the schema name is empty");
  auto conninfo = Conninfo::from(options);
  if (!conninfo) return conninfo.error();
  return std::shared_ptr<PostgresPool>(new PostgresPool(options, std::move(*conninfo)));
}

PostgresPool::PostgresPool(const PostgresOptions& options, Conninfo conninfo)
    : options_(options),
      conninfo_(std::move(conninfo)),
      pool_("postgres", options.pool,
            [this] { return PgSession::open(conninfo_, options_, PgSession::Statements::prepared); }) {}

OAuthError PostgresPool::with_operation(OAuthError error, std::string_view operation) {
  constexpr std::string_view kPrefix = "postgres: ";
  std::string_view rest = error.detail;
  if (rest.substr(0, kPrefix.size()) == kPrefix) rest.remove_prefix(kPrefix.size());
  error.detail = std::string(kPrefix) + std::string(operation) + ": " + std::string(rest);
  return error;
}

}  // namespace fapid::storage::postgres
