#pragma once
// What the grants of the token endpoint share: the binding of the tokens they issue (SPEC S1-S5,
// TK5, TK9), minting and recording, and the response (TK6).
#include <optional>
#include <string>

#include "core/result.hpp"
#include "fapi/context.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "oauth/scope.hpp"
#include "storage/records.hpp"

namespace fapid::fapi {

struct TokenRequest {
  const http::Request& http;
  const http::Params& form;
  const oauth::RegisteredClient& client;
};

// mTLS clients: the certificate of this connection. DPoP clients: the key of a valid proof, which must be
// `expected_jkt` when the code or refresh token is already bound to one.
Result<storage::Confirmation> bind_tokens(const Context& ctx, const TokenRequest& req,
                                          const std::optional<std::string>& expected_jkt);

struct IssueSpec {
  std::string subject;
  std::string scope;
  std::string consent_id;
  storage::Confirmation cnf;
  bool self_contained = false;  // client_credentials JWT: no row (oauth/self_contained_token.hpp)
};

struct IssuedAccessToken {
  std::string token;
  storage::AccessTokenRecord record;  // grant_id left empty for the caller to fill; no hash if self-contained
};

Result<IssuedAccessToken> issue_access_token(const Context& ctx, const oauth::RegisteredClient& client,
                                             const IssueSpec& spec);

// The ID token of the token endpoint (I1-I3, I6): same sub as the front channel, at_hash, the claims granted.
Result<std::string> issue_id_token(const Context& ctx, const oauth::RegisteredClient& client, const std::string& subject,
                                   const std::string& nonce, const std::string& id_token_claims_json,
                                   const std::string& access_token);

struct TokenResponse {
  std::string access_token;
  bool dpop = false;
  std::string scope;
  std::string refresh_token;  // "" to omit
  std::string id_token;       // "" to omit
};

http::Response token_response(const Context& ctx, const TokenResponse& r);

using oauth::scope_contains;
using oauth::scope_subset;

}  // namespace fapid::fapi
