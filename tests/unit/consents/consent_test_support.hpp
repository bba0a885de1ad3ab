#pragma once
// Bodies and assertions shared by the consents API request tests.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fapi/consents/consent_request.hpp"

namespace fapid::fapi::consents::testing {

inline constexpr std::string_view kCpf = "52998224725";     // 529.982.247-25
inline constexpr std::string_view kCnpj = "11222333000181";  // 11.222.333/0001-81

inline const std::vector<std::string> kBalances = {"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"};

inline TimePoint at(std::string_view text) {
  const auto t = parse_date_time(text);
  if (!t) throw std::invalid_argument("bad test date " + std::string(text));
  return *t;
}

inline nlohmann::json party(std::string_view identification, std::string_view rel) {
  return {{"document", {{"identification", identification}, {"rel", rel}}}};
}

// {"data": {"loggedUser": <kCpf>, "permissions": [...]}}; tests add or remove members from there.
inline nlohmann::json consent_body(const std::vector<std::string>& permissions = kBalances) {
  return {{"data", {{"loggedUser", party(kCpf, "CPF")}, {"permissions", permissions}}}};
}

inline nlohmann::json business_body(const std::vector<std::string>& permissions) {
  auto body = consent_body(permissions);
  body["data"]["businessEntity"] = party(kCnpj, "CNPJ");
  return body;
}

inline nlohmann::json extension_body() { return {{"data", {{"loggedUser", party(kCpf, "CPF")}}}}; }

template <class T>
::testing::AssertionResult fails_with(const Validated<T>& r, int status, std::string_view code) {
  if (r.value) return ::testing::AssertionFailure() << "accepted, expected " << status << " " << code;
  if (!r.error) return ::testing::AssertionFailure() << "neither a value nor an error";
  if (r.error->status != status || r.error->code != code) {
    return ::testing::AssertionFailure() << "got " << r.error->status << " " << r.error->code << " ("
                                         << r.error->detail << "), expected " << status << " " << code;
  }
  if (r.error->title.empty() || r.error->detail.empty()) return ::testing::AssertionFailure() << "no title or detail";
  return ::testing::AssertionSuccess();
}

template <class T>
::testing::AssertionResult accepted(const Validated<T>& r) {
  if (r.error) return ::testing::AssertionFailure() << r.error->status << " " << r.error->code << ": " << r.error->detail;
  if (!r.value) return ::testing::AssertionFailure() << "neither a value nor an error";
  return ::testing::AssertionSuccess();
}

}  // namespace fapid::fapi::consents::testing
