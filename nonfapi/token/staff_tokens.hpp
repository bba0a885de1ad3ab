#pragma once
// Minting the back-office tokens (oauth/token_minter.hpp) with this tree's lifetimes, and the token
// response (RFC 6749 §5.1, OIDC Core §3.1.3.3). Bearer tokens: the portal is a browser application with
// no key to bind them to; they are short-lived, recorded by hash, and die with the session at logout.
#include <string>

#include "core/result.hpp"
#include "http/request.hpp"
#include "nonfapi/context.hpp"
#include "storage/records.hpp"

namespace fapid::nonfapi {

struct StaffIdentityClaims {
  std::string subject;
  std::string claims_json;  // name, preferred_username, email, sid, auth_time: what ID tokens and userinfo repeat
};

struct MintedAccess {
  std::string token;
  storage::AccessTokenRecord record;  // grant_id left for the caller
};

Result<MintedAccess> mint_staff_access_token(const Context& ctx, const oauth::RegisteredClient& client,
                                             const std::string& subject, const std::string& scope);

// An ID token for `client` (aud), with the grant's claims, the nonce when one was sent, and at_hash.
Result<std::string> mint_staff_id_token(const Context& ctx, const oauth::RegisteredClient& client,
                                        const StaffIdentityClaims& identity, const std::string& nonce,
                                        const std::string& access_token);

http::Response staff_token_response(const Context& ctx, const std::string& access_token, const std::string& scope,
                                    const std::string& refresh_token, const std::string& id_token);

}  // namespace fapid::nonfapi
