#pragma once
// The step between /authorize and the redirect back: the customer logs in and decides. An interaction is
// a short-lived record in the TTL store; completing it is the moment the request URI is used up (SPEC P7)
// and a code is issued. The login and consent pages (issue 5) and the test-only route call complete().
#include <optional>
#include <string>

#include "core/result.hpp"
#include "fapi/authorization_request.hpp"
#include "fapi/authorize/user_claims.hpp"
#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

struct Interaction {
  AuthorizationRequest request;
  std::string request_uri_hash;  // the PAR record it came from
  std::string browser_hash;      // hash of the browser-binding cookie set by /authorize (A21)
  std::string csrf;              // the token every form of this interaction carries back (A21)
  std::optional<UserAuthentication> user;  // set once the customer has logged in
  std::string user_name;         // for the consent page

  std::string to_json() const;
  static std::optional<Interaction> from_json(std::string_view json);
};

// Stores the interaction and returns its id (random, ≥ 128 bits).
Result<std::string> begin_interaction(const Context& ctx, const Interaction& interaction);
// Replaces the stored interaction (after the login); its lifetime starts again.
Result<void> update_interaction(const Context& ctx, std::string_view id, const Interaction& interaction);
Result<std::optional<Interaction>> find_interaction(const Context& ctx, std::string_view id);

// Ends the interaction: `user` set means approved, nullopt means the customer refused (A7). Returns the
// redirect to the client, or an HTML page when the interaction is unknown, expired or already used.
http::Response complete_interaction(const Context& ctx, const http::Request& req, std::string_view id,
                                    const std::optional<UserAuthentication>& user);

}  // namespace fapid::fapi
