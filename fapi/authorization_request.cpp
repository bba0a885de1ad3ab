#include "fapi/authorization_request.hpp"

#include <nlohmann/json.hpp>

#include "oauth/scope.hpp"

namespace fapid::fapi {

bool AuthorizationRequest::has_scope(std::string_view s) const { return oauth::scope_contains(scope, s); }

std::string AuthorizationRequest::to_json() const {
  nlohmann::json j{{"client_id", client_id},       {"response_type", response_type}, {"response_mode", response_mode},
                   {"redirect_uri", redirect_uri}, {"scope", scope},                 {"state", state},
                   {"nonce", nonce},               {"code_challenge", code_challenge}, {"claims", claims_json},
                   {"dpop_jkt", dpop_jkt},         {"acr_values", acr_values}};
  if (max_age) j["max_age"] = *max_age;
  if (!ui_locales.empty()) j["ui_locales"] = ui_locales;
  return j.dump();
}

std::optional<AuthorizationRequest> AuthorizationRequest::from_json(std::string_view text) {
  // Our own record from our own store; still parsed without exceptions escaping.
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  AuthorizationRequest r;
  auto str = [&j](const char* k, std::string& out) {
    const auto it = j.find(k);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  if (!str("client_id", r.client_id) || !str("response_type", r.response_type) ||
      !str("response_mode", r.response_mode) || !str("redirect_uri", r.redirect_uri) || !str("scope", r.scope) ||
      !str("state", r.state) || !str("nonce", r.nonce) || !str("code_challenge", r.code_challenge) ||
      !str("claims", r.claims_json) || !str("dpop_jkt", r.dpop_jkt) || !str("acr_values", r.acr_values))
    return std::nullopt;
  if (const auto it = j.find("ui_locales"); it != j.end() && it->is_string()) r.ui_locales = it->get<std::string>();
  if (const auto it = j.find("max_age"); it != j.end() && it->is_number_integer()) r.max_age = it->get<std::int64_t>();
  return r;
}

}  // namespace fapid::fapi
