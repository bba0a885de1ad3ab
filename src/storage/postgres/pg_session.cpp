#include "storage/postgres/pg_session.hpp"

#include <pqxx/nontransaction>
#include <string>

#include "storage/postgres/consent_statements.hpp"
#include "storage/postgres/outage_statements.hpp"
#include "storage/postgres/pg_error.hpp"
#include "storage/postgres/statements.hpp"
#include "storage/postgres/user_statements.hpp"

namespace fapid::storage::postgres {
namespace {

void inhibit_reactivation(pqxx::connection& db) {
  // Deprecated in libpqxx 6 (the feature is gone in 7), but still on by default in 6: a silent
  // reconnect would skip the pool's back-off and lose the session settings made below.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  db.inhibit_reactivation(true);
#pragma GCC diagnostic pop
}

void configure(pqxx::connection& db, const PostgresOptions& options) {
  const auto timeout = std::to_string(options.statement_timeout.count());
  // A session left idle inside a transaction (a stuck worker) would hold its row locks and stall
  // every rotation of the same token; the server ends such a session instead.
  const auto idle_timeout = std::to_string(2 * options.statement_timeout.count());
  pqxx::nontransaction tx(db);
  // READ COMMITTED is pinned because the single-use statements rely on its re-check of a row a
  // concurrent transaction just committed (statements.cpp), whatever the server's default is.
  tx.exec_params(
      "SELECT set_config('search_path', $1, false), set_config('statement_timeout', $2, false), "
      "set_config('idle_in_transaction_session_timeout', $3, false), "
      "set_config('default_transaction_isolation', 'read committed', false)",
      db.quote_name(options.schema), timeout, idle_timeout);
}

}  // namespace

Result<std::unique_ptr<PgSession>> PgSession::open(const Conninfo& conninfo, const PostgresOptions& options,
                                                   Statements statements) {
  try {
    auto db = std::make_unique<pqxx::connection>(conninfo.text());
    inhibit_reactivation(*db);
    std::unique_ptr<PgSession> session(new PgSession(std::move(db)));
    configure(session->db(), options);
    if (statements == Statements::prepared) {
      sql::prepare_statements(session->db());
      sql::prepare_user_statements(session->db());
      sql::prepare_consent_statements(session->db());
      sql::prepare_outage_statements(session->db());
    }
    return session;
  } catch (...) {
    return classify_current_exception("connect", conninfo).error;
  }
}

}  // namespace fapid::storage::postgres
