#include "storage/postgres/pg_error.hpp"

#include <exception>
#include <pqxx/except>
#include <string>

#include "storage/store_error.hpp"

namespace fapid::storage::postgres {
namespace {

std::string prefix(std::string_view operation) { return "postgres: " + std::string(operation) + ": "; }

PgFailure unavailable(std::string detail, bool lost, bool retryable = false) {
  return {store_unavailable(std::move(detail)), lost, retryable};
}

PgFailure from_sqlstate(std::string_view operation, const std::string& sqlstate) {
  const std::string detail = prefix(operation) + "SQLSTATE " + (sqlstate.empty() ? std::string("unknown") : sqlstate);
  if (sqlstate == "40001" || sqlstate == "40P01") return unavailable(detail + " (rolled back, retried)", false, true);
  if (is_outage_sqlstate(sqlstate)) return unavailable(detail, breaks_connection(sqlstate));
  return {store_fault(detail), false, false};
}

}  // namespace

bool breaks_connection(std::string_view sqlstate) {
  // Class 08: connection exception. 57P01..57P03: the server is shutting down or not yet accepting.
  return sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
}

bool is_outage_sqlstate(std::string_view sqlstate) {
  // Class 53: insufficient resources (disk full, out of memory, too many connections). 57014: the
  // statement ran past statement_timeout (PostgreSQL overloaded or a lock held too long).
  return breaks_connection(sqlstate) || sqlstate.substr(0, 2) == "53" || sqlstate == "57014";
}

PgFailure classify_current_exception(std::string_view operation, const Conninfo& conninfo) {
  try {
    throw;
  } catch (const pqxx::in_doubt_error&) {
    // The connection broke during COMMIT: the transaction may or may not have happened. Only a retry
    // by the client (with the same code or refresh token) can tell, so this is an outage, not a verdict.
    return unavailable(prefix(operation) + "commit outcome unknown (in_doubt_error)", true);
  } catch (const pqxx::broken_connection& e) {
    return unavailable(prefix(operation) + "connection refused or broken: " + conninfo.scrub(e.what()), true);
  } catch (const pqxx::serialization_failure&) {
    return unavailable(prefix(operation) + "SQLSTATE 40001 (rolled back, retried)", false, true);
  } catch (const pqxx::deadlock_detected&) {
    return unavailable(prefix(operation) + "SQLSTATE 40P01 (rolled back, retried)", false, true);
  } catch (const pqxx::statement_completion_unknown&) {
    return unavailable(prefix(operation) + "SQLSTATE 40003 (statement completion unknown)", true);
  } catch (const pqxx::transaction_rollback&) {
    return unavailable(prefix(operation) + "SQLSTATE class 40 (transaction rolled back)", false);
  } catch (const pqxx::sql_error& e) {
    return from_sqlstate(operation, e.sqlstate());
  } catch (const pqxx::usage_error&) {
    return {store_fault(prefix(operation) + "libpqxx usage error"), false, false};
  } catch (const pqxx::conversion_error&) {
    return {store_fault(prefix(operation) + "a stored value has an unexpected type"), false, false};
  } catch (const pqxx::failure&) {
    return {store_fault(prefix(operation) + "driver failure"), false, false};
  } catch (const std::bad_alloc&) {
    return unavailable(prefix(operation) + "out of memory", false);
  } catch (...) {
    return {store_fault(prefix(operation) + "unexpected exception"), false, false};
  }
}

}  // namespace fapid::storage::postgres
