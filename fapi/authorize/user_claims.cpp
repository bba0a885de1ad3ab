#include "fapi/authorize/user_claims.hpp"

#include <nlohmann/json.hpp>

#include "oauth/scope.hpp"

namespace fapid::fapi {

// OIDC Core §5.5.1; anything but `"essential": true` is voluntary (PAR refuses a non-boolean).
bool is_essential(const nlohmann::json& spec) {
  if (!spec.is_object()) return false;
  const auto it = spec.find("essential");
  return it != spec.end() && it->is_boolean() && it->get<bool>();
}

namespace {

std::optional<nlohmann::json> user_value(const UserAuthentication& u, const std::string& name) {
  if (name == "cpf" && !u.cpf.empty()) return nlohmann::json(u.cpf);
  if (name == "cnpj" && !u.cnpj.empty()) return nlohmann::json(u.cnpj);
  if (name == "acr" && !u.acr.empty()) return nlohmann::json(u.acr);
  return std::nullopt;
}

// OIDC Core §5.5.1: {"value": v} or {"values": [...]} must be met when the claim is essential.
bool satisfies(const nlohmann::json& spec, const nlohmann::json& have) {
  auto matches = [&have](const nlohmann::json& want) {
    if (have.is_array()) {
      for (const auto& h : have)
        if (h == want) return true;
      return false;
    }
    return have == want;
  };
  if (const auto it = spec.find("value"); it != spec.end()) return matches(*it);
  if (const auto it = spec.find("values"); it != spec.end() && it->is_array()) {
    for (const auto& v : *it)
      if (matches(v)) return true;
    return false;
  }
  return true;
}

Result<nlohmann::json> section_claims(const nlohmann::json& requested, const UserAuthentication& user) {
  nlohmann::json out = nlohmann::json::object();
  if (!requested.is_object()) return out;
  for (const auto& [name, spec] : requested.items()) {
    const bool essential = is_essential(spec);
    const auto have = user_value(user, name);
    if (!have) {
      if (essential && spec.is_object() && (spec.contains("value") || spec.contains("values")))
        return OAuthError(ErrorCode::access_denied, "the user does not hold the requested claim value", name);
      continue;
    }
    if (spec.is_object() && !satisfies(spec, *have)) {
      if (essential) return OAuthError(ErrorCode::access_denied, "the user does not hold the requested claim value", name);
      continue;
    }
    out[name] = *have;
  }
  return out;
}

}  // namespace

std::string claims_for_scopes(const config::ClaimsByScope& claims_by_scope, std::string_view scope,
                              const storage::UserRecord& user) {
  const auto attributes = nlohmann::json::parse(user.attributes_json, nullptr, false);
  nlohmann::json out = nlohmann::json::object();
  constexpr std::string_view kAttributePrefix = "attributes.";
  for (const auto& [granting_scope, names] : claims_by_scope) {
    if (!oauth::scope_contains(scope, granting_scope)) continue;
    for (const auto& name : names) {
      if (name == "name" && !user.name.empty()) out["name"] = user.name;
      else if (name == "email" && !user.email.empty()) out["email"] = user.email;
      else if (name == "cpf" && !user.document.empty()) out["cpf"] = user.document;
      else if (name.rfind(kAttributePrefix, 0) == 0 && attributes.is_object()) {
        const auto key = name.substr(kAttributePrefix.size());
        if (const auto it = attributes.find(key); it != attributes.end() && !it->is_null()) out[key] = *it;
      }
    }
  }
  return out.dump();
}

std::string UserAuthentication::to_json() const {
  return nlohmann::json{{"sub", subject}, {"acr", acr}, {"auth_time", auth_time}, {"cpf", cpf}, {"cnpj", cnpj},
                        {"claims", nlohmann::json::parse(scoped_claims, nullptr, false)}}
      .dump();
}

std::optional<UserAuthentication> UserAuthentication::from_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  try {
    UserAuthentication u;
    u.subject = j.at("sub").get<std::string>();
    u.acr = j.at("acr").get<std::string>();
    u.auth_time = j.at("auth_time").get<std::int64_t>();
    u.cpf = j.at("cpf").get<std::string>();
    u.cnpj = j.at("cnpj").get<std::vector<std::string>>();
    if (const auto it = j.find("claims"); it != j.end()) {
      if (!it->is_object()) return std::nullopt;
      u.scoped_claims = it->dump();
    }
    return u;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

Result<GrantedClaims> grant_claims(const AuthorizationRequest& request, const UserAuthentication& user) {
  nlohmann::json requested = nlohmann::json::object();
  if (!request.claims_json.empty()) requested = nlohmann::json::parse(request.claims_json, nullptr, false);
  if (!requested.is_object()) requested = nlohmann::json::object();
  const auto empty = nlohmann::json::object();
  auto id = section_claims(requested.contains("id_token") ? requested["id_token"] : empty, user);
  if (!id) return id.error();
  auto ui = section_claims(requested.contains("userinfo") ? requested["userinfo"] : empty, user);
  if (!ui) return ui.error();
  const auto scoped = nlohmann::json::parse(user.scoped_claims, nullptr, false);
  if (scoped.is_object()) {
    for (const auto& [name, value] : scoped.items()) {
      if (!id->contains(name)) (*id)[name] = value;
      if (!ui->contains(name)) (*ui)[name] = value;
    }
  }
  (*id)["acr"] = user.acr;  // I6: always
  (*id)["auth_time"] = user.auth_time;
  return GrantedClaims{id->dump(), ui->dump()};
}

}  // namespace fapid::fapi
