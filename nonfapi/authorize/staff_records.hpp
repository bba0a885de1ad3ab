#pragma once
// The short-lived records of a staff login, kept in the TTL store as JSON (DESIGN.md: any instance can
// serve any step): the pending login or logout at the IdP (keyed by the hash of the `state` we sent),
// the authorization code issued to the portal, and the staff member's session until logout.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapid::nonfapi {

// The portal's authorization request, as validated at /authorize.
struct PortalRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string scope;
  std::string state;  // the portal's, echoed back to it
  std::string nonce;  // the portal's, for our ID token
  std::string code_challenge;
};

// A login or logout in progress at the IdP.
struct PendingAtIdp {
  enum class Kind { login, logout } kind = Kind::login;
  PortalRequest portal;          // login: what to answer the portal
  std::string idp_nonce;         // login: the nonce the IdP's ID token must carry (F03)
  std::string idp_code_verifier; // login: our PKCE verifier at the IdP
  std::string idp_scope;         // login: what we asked the IdP for
  std::string browser_hash;      // login: hash of the browser-binding cookie; the callback needs it
  std::string post_logout_redirect_uri;  // logout: where the portal wants the browser back ("" = our page)
  std::string logout_state;              // logout: the portal's state, echoed

  std::string to_json() const;
  static std::optional<PendingAtIdp> from_json(std::string_view json);
};

struct StaffProfile {
  std::string subject;
  std::string name;
  std::string preferred_username;
  std::string email;
};

// The code issued to the portal (TtlKind::staff_code, keyed by the code's hash).
struct StaffCode {
  PortalRequest portal;     // client, redirect URI, PKCE challenge and nonce to check and repeat
  std::string scope;        // as translated: requested ∩ IdP-granted ∩ allowed
  StaffProfile profile;
  std::string session_id;   // our session (the ID token's sid)
  long long auth_time = 0;

  std::string to_json() const;
  static std::optional<StaffCode> from_json(std::string_view json);
};

// The staff member's session here (TtlKind::staff_session, keyed by the hash of its id): what logout
// needs to end it everywhere.
struct StaffSession {
  std::string subject;
  std::string client_id;
  std::string idp_id_token;            // id_token_hint at the IdP's end_session_endpoint
  std::vector<std::string> grant_ids;  // the portal's grants, revoked at logout

  std::string to_json() const;
  static std::optional<StaffSession> from_json(std::string_view json);
};

}  // namespace fapid::nonfapi
