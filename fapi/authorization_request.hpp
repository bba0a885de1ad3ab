#pragma once
// A pushed authorization request after validation: the only parameters the rest of the flow may use
// (SPEC R5: the signed or pushed values, never outer ones). Persisted as JSON in the TTL store under the
// request URI, and later inside the authorization code.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fapid::fapi {

struct AuthorizationRequest {
  std::string client_id;
  std::string response_type;   // "code" or "code id_token"
  std::string response_mode;   // "" (default for the response type), "jwt", "query.jwt", "fragment.jwt"
  std::string redirect_uri;
  std::string scope;
  std::string state;           // "" when absent (A6)
  std::string nonce;           // "" when absent
  std::string code_challenge;  // S256 only (P8)
  std::string claims_json;     // the `claims` parameter (OIDC Core §5.5), "" when absent
  std::string dpop_jkt;        // the key the code is bound to (RFC 9449 §10), "" when none
  std::string acr_values;
  std::string ui_locales;      // the customer's preferred languages for the pages (OIDC Core §3.1.2.1)
  std::optional<std::int64_t> max_age;

  bool wants_jarm() const { return response_mode == "jwt" || response_mode == "query.jwt" || response_mode == "fragment.jwt"; }
  bool has_scope(std::string_view s) const;

  std::string to_json() const;
  static std::optional<AuthorizationRequest> from_json(std::string_view json);
};

}  // namespace fapid::fapi
