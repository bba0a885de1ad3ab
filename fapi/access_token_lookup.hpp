#pragma once
// Finds a live access token presented to the FAPI tree (its resources, introspection, revocation): a
// self-contained one (oauth/self_contained_token.hpp) by its signature and the durable record of revoked
// jtis, any other by the row of its hash.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "fapi/context.hpp"
#include "storage/records.hpp"

namespace fapid::fapi {

struct LiveAccessToken {
  // For a self-contained token: its claims as a record (with no hash: there is no row to find by it) and a
  // grant of the client with no subject, no consent and no id, as a client_credentials grant's row would read.
  storage::AccessTokenView view;
  std::string self_contained_jti;  // empty for a token with a row
};

// nullopt for an unknown, expired or revoked token, or a self-contained one that fails its checks (the
// reason is in `why` when given). Errors: the store's (temporarily_unavailable).
Result<std::optional<LiveAccessToken>> find_live_access_token(const Context& ctx, std::string_view token,
                                                              std::string* why = nullptr);

}  // namespace fapid::fapi
