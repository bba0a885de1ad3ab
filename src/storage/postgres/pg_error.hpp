#pragma once
// The one place where libpqxx exceptions become error values (STYLE.md, Errors). An outage (lost
// connection, commit outcome unknown, server shutting down, out of resources, statement timeout) is
// store_unavailable / 503 so clients keep their credentials; anything else is store_fault / 500.
// Details name the operation and the SQLSTATE only: a driver message can quote a key value (a token
// hash) or, for connection errors, parts of the connection string.
#include <string_view>

#include "core/oauth_error.hpp"
#include "storage/postgres/conninfo.hpp"

namespace fapid::storage::postgres {

struct PgFailure {
  OAuthError error;
  bool connection_lost = false;  // the connection is unusable: discard it, do not pool it again
  bool retryable = false;        // serialization failure or deadlock: the transaction rolled back whole
};

// Classifies the exception being handled; call it only inside a catch block.
PgFailure classify_current_exception(std::string_view operation, const Conninfo& conninfo);

// The classification of a SQLSTATE alone (exposed for tests).
bool is_outage_sqlstate(std::string_view sqlstate);
bool breaks_connection(std::string_view sqlstate);

}  // namespace fapid::storage::postgres
