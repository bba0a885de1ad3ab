#pragma once
// The members of a consents API v3 request body, each read with its type and format checked (400 errors
// only; the business rules are consent_request.cpp's). Internal to fapid_consent_rules.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fapi/consents/consent_request.hpp"

namespace fapid::fapi::consents::fields {

template <class T>
Validated<T> ok(T value) {
  return {std::move(value), std::nullopt};
}
template <class T>
Validated<T> fail(ConsentRequestError error) {
  return {std::nullopt, std::move(error)};
}

ConsentRequestError invalid(std::string detail);
ConsentRequestError missing(std::string detail);
ConsentRequestError rule(std::string_view code, std::string_view title, std::string detail);

// The `data` object of a strict JSON body (no duplicate members, bounded size and depth).
Validated<nlohmann::json> read_data(std::string_view body);

// data.loggedUser (rel "CPF", a valid CPF) or data.businessEntity (rel "CNPJ", a valid CNPJ);
// nullopt when the member is absent.
enum class Party { logged_user, business_entity };
Validated<std::optional<std::string>> read_document(const nlohmann::json& data, Party party);

// data.permissions: 1 to kMaxRequestedPermissions known names; duplicates collapse.
Validated<PermissionSet> read_permissions(const nlohmann::json& data);

// data.expirationDateTime in the wire form (exactly kWireDateTimeLength characters); nullopt when absent.
Validated<std::optional<TimePoint>> read_expiration(const nlohmann::json& data);

// data.isLinked, a boolean; nullopt when absent.
Validated<std::optional<bool>> read_is_linked(const nlohmann::json& data);

}  // namespace fapid::fapi::consents::fields
