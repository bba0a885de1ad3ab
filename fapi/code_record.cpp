#include "fapi/code_record.hpp"

#include <nlohmann/json.hpp>

namespace fapid::fapi {

std::string CodeRecord::to_json() const {
  return nlohmann::json{{"request", request.to_json()},
                        {"user", user.to_json()},
                        {"id_token_claims", claims.id_token},
                        {"userinfo_claims", claims.userinfo}}
      .dump();
}

std::optional<CodeRecord> CodeRecord::from_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto str = [&j](const char* k) -> std::optional<std::string> {
    const auto it = j.find(k);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  const auto req = str("request"), user = str("user"), id = str("id_token_claims"), ui = str("userinfo_claims");
  if (!req || !user || !id || !ui) return std::nullopt;
  auto request = AuthorizationRequest::from_json(*req);
  auto u = UserAuthentication::from_json(*user);
  if (!request || !u) return std::nullopt;
  return CodeRecord{std::move(*request), std::move(*u), {*id, *ui}};
}

}  // namespace fapid::fapi
