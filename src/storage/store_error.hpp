#pragma once
// A store that cannot answer is an outage, never a verdict on the client's credentials: clients
// discard credentials on invalid_grant / invalid_client (DESIGN.md, Storage invariants).
#include <string>

#include "core/oauth_error.hpp"

namespace fapid::storage {

// temporarily_unavailable with 503; `detail` (host, driver message) reaches only the log.
OAuthError store_unavailable(std::string detail);

// A caller bug or a corrupt row: server_error with 500.
OAuthError store_fault(std::string detail);

}  // namespace fapid::storage
