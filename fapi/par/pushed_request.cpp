#include "fapi/par/pushed_request.hpp"

#include "fapi/consents/consent_lifecycle.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/profile_policy.hpp"
#include "oauth/pkce.hpp"

namespace fapid::fapi {

namespace {

OAuthError invalid_request(std::string description) {
  return {ErrorCode::invalid_request, description, description};
}

std::string_view get(const ParameterMap& p, std::string_view name) {
  const auto it = p.find(name);
  return it == p.end() ? std::string_view{} : std::string_view(it->second);
}

bool contains(const std::vector<std::string>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// A3 and J1: which response modes go with which response type for this profile.
Result<void> check_response_mode(const AuthorizationRequest& r, const ProfilePolicy& policy) {
  const auto& rt = r.response_type;
  const auto& mode = r.response_mode;
  if (mode.empty() || (rt == "code" && mode == "query") || (rt == "code id_token" && mode == "fragment")) {
    // F1A: bare `code` is only allowed with JARM (A3).
    if (rt == "code" && policy.profile == config::Profile::fapi1_advanced)
      return invalid_request("response_type code requires response_mode jwt for this client");
    return {};
  }
  if (mode == "jwt" || mode == "fragment.jwt" || (mode == "query.jwt" && rt == "code")) return {};
  return invalid_request("response_mode " + mode + " is not supported with response_type " + rt);
}

// OIDC Core §5.5; OFB: cpf is a string, cnpj an array of strings (I9). Only the shape is checked here;
// values are matched against the user at the end of the interaction (A15).
Result<void> check_claims_parameter(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return invalid_request("claims is not a JSON object");
  for (const auto& [section, members] : j.items()) {
    if (section != "id_token" && section != "userinfo") continue;
    if (!members.is_object()) return invalid_request("claims." + section + " is not an object");
    for (const auto& [name, spec] : members.items()) {
      const auto where = "claims." + section + "." + name;
      if (spec.is_null()) continue;
      if (!spec.is_object()) return invalid_request(where + " is not an object or null");
      // OIDC Core §5.5.1: essential is a boolean, values an array.
      if (spec.contains("essential") && !spec["essential"].is_boolean()) return invalid_request(where + ".essential is not a boolean");
      if (spec.contains("values") && !spec["values"].is_array()) return invalid_request(where + ".values is not an array");
    }
  }
  return {};
}

Result<void> check_scope(std::string_view scope, const config::Client& c) {
  if (scope.empty()) return invalid_request("scope is required");  // R5
  bool has_consent = false;
  std::size_t start = 0;
  while (start <= scope.size()) {
    const auto end = std::min(scope.find(' ', start), scope.size());
    const auto token = scope.substr(start, end - start);
    start = end + 1;
    // SPEC section 17: `consent:<consentId>`, for clients registered for the consents API; one per request.
    if (token.substr(0, kConsentScopePrefix.size()) == kConsentScopePrefix && contains(c.allowed_scopes, "consents")) {
      if (has_consent || !is_consent_urn(token.substr(kConsentScopePrefix.size())))
        return OAuthError(ErrorCode::invalid_scope, "one consent:<consentId> scope with a consent URN is allowed",
                          std::string(token));
      has_consent = true;
      continue;
    }
    if (token.empty() || !contains(c.allowed_scopes, token))
      return OAuthError(ErrorCode::invalid_scope, "scope not allowed for this client", std::string(token));
  }
  return {};
}

}  // namespace

Result<AuthorizationRequest> validate_authorization_parameters(const ParameterMap& params,
                                                               const oauth::RegisteredClient& client) {
  const auto& c = *client.config;
  const auto& policy = policy_for(c.profile);
  if (params.count("request_uri") || params.count("request")) return invalid_request("request_uri is not accepted here");  // P3, A15
  if (params.count("id_token_hint")) return invalid_request("id_token_hint is not supported");                          // A11
  if (const auto id = get(params, "client_id"); !id.empty() && id != client.id())
    return invalid_request("client_id does not match the authenticated client");  // A14

  AuthorizationRequest r;
  r.client_id = client.id();
  r.response_type = get(params, "response_type");
  if (r.response_type.empty()) return invalid_request("response_type is required");
  if (!policy.allows_response_type(r.response_type) || !contains(c.response_types, r.response_type))
    return OAuthError(ErrorCode::unsupported_response_type, "response_type not allowed for this client", r.response_type);  // A3, A19
  r.response_mode = get(params, "response_mode");
  if (auto ok = check_response_mode(r, policy); !ok) return ok.error();

  r.redirect_uri = get(params, "redirect_uri");
  if (r.redirect_uri.empty()) return invalid_request("redirect_uri is required");  // P9
  if (!contains(c.redirect_uris, r.redirect_uri)) return invalid_request("redirect_uri is not registered for this client");  // A4, A18

  r.scope = get(params, "scope");
  if (auto ok = check_scope(r.scope, c); !ok) return ok.error();

  r.state = get(params, "state");
  if (r.state.size() > kMaxStateBytes) return invalid_request("state is too long");  // A6
  r.nonce = get(params, "nonce");
  if (r.nonce.size() > kMaxNonceBytes) return invalid_request("nonce is too long");  // A5
  if (r.nonce.empty() && r.has_scope("openid") && (policy.nonce_required_with_openid || r.response_type == "code id_token"))
    return invalid_request("nonce is required");

  // P8: PKCE with S256 only; an absent method means plain (RFC 7636 §4.3), so it is refused too.
  r.code_challenge = get(params, "code_challenge");
  if (r.code_challenge.empty()) return invalid_request("code_challenge is required");
  if (get(params, "code_challenge_method") != "S256") return invalid_request("code_challenge_method must be S256");
  if (!oauth::is_valid_s256_challenge(r.code_challenge)) return invalid_request("code_challenge is malformed");

  r.claims_json = get(params, "claims");
  if (!r.claims_json.empty())
    if (auto ok = check_claims_parameter(r.claims_json); !ok) return ok.error();
  r.acr_values = get(params, "acr_values");
  r.ui_locales = get(params, "ui_locales").substr(0, 64);  // a preference only: bounded, never an error
  if (const auto max_age = get(params, "max_age"); !max_age.empty()) {
    if (max_age.size() > 9 || !std::all_of(max_age.begin(), max_age.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return invalid_request("max_age is not a non-negative integer");
    r.max_age = std::stoll(std::string(max_age));
  }
  r.dpop_jkt = get(params, "dpop_jkt");
  if (!r.dpop_jkt.empty() && (c.token_binding != config::TokenBinding::dpop || r.dpop_jkt.size() != 43))
    return invalid_request("dpop_jkt is not accepted for this client or malformed");
  return r;
}

}  // namespace fapid::fapi
