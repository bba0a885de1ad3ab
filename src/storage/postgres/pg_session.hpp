#pragma once
// One open PostgreSQL connection set up the way every fapid session needs: statement_timeout,
// search_path to the configured schema, application_name (in the conninfo), and, for the pool, the
// prepared statements. libpqxx's silent reconnection is switched off: a broken connection surfaces
// as an error, the pool discards it and reconnects with back-off.
#include <memory>
#include <pqxx/connection>
#include <pqxx/errorhandler>

#include "core/result.hpp"
#include "storage/postgres/conninfo.hpp"
#include "storage/postgres/postgres_options.hpp"

namespace fapid::storage::postgres {

class PgSession {
 public:
  enum class Statements { none, prepared };

  // store_unavailable when the server cannot be reached; the detail never holds the password.
  static Result<std::unique_ptr<PgSession>> open(const Conninfo& conninfo, const PostgresOptions& options,
                                                 Statements statements);

  pqxx::connection& db() { return *db_; }

 private:
  explicit PgSession(std::unique_ptr<pqxx::connection> db) : db_(std::move(db)), quiet_(*db_) {}
  std::unique_ptr<pqxx::connection> db_;
  // Server notices ("schema already exists, skipping") would go to stderr unstructured; dropped.
  // Declared after db_ so it unregisters before the connection closes.
  pqxx::quiet_errorhandler quiet_;
};

}  // namespace fapid::storage::postgres
