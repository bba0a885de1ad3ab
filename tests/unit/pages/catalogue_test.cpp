// The built-in message catalogues: complete, in both languages, for every Open Finance Brasil permission.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <vector>
#include <string>

#include "fapi/consents/permissions.hpp"
#include "pages/asset_files.hpp"
#include "pages/embedded_assets.hpp"

namespace fapid::pages {
namespace {

// The permissions the consents API accepts (Consents API 3.3.1): the validator's own list, so a permission
// added there without its plain-words description in both catalogues fails here.
const std::vector<std::string_view>& kPermissions = fapi::consents::known_permissions();

// The strings the pages and their handlers ask for by key.
constexpr std::array<std::string_view, 20> kPageKeys = {
    "login_title",       "login_heading",         "login_label",           "password_label",
    "login_button",      "error_wrong_credentials", "error_locked",        "consent_title",
    "consent_approve",   "consent_reject",        "no_expiry",             "expired_title",
    "expired_message",   "unavailable_title",     "unavailable_message",   "forbidden_title",
    "forbidden_message", "approved_title",        "rejected_title",        "locked_message",
};

Catalogue builtin(std::string_view locale) {
  const auto name = "messages/" + std::string(locale) + ".json";
  const auto text = embedded_asset(name);
  EXPECT_TRUE(text.has_value()) << name;
  auto catalogue = parse_catalogue(text.value_or("{}"), name);
  EXPECT_TRUE(catalogue.has_value()) << name;
  return catalogue.has_value() ? *catalogue : Catalogue{};
}

TEST(Catalogues, BothLanguagesHaveTheSameKeys) {
  const auto pt = builtin("pt-BR");
  const auto en = builtin("en");
  for (const auto& [key, text] : pt) EXPECT_TRUE(en.count(key)) << key << " is missing in en";
  for (const auto& [key, text] : en) EXPECT_TRUE(pt.count(key)) << key << " is missing in pt-BR";
}

TEST(Catalogues, EveryPermissionHasADescriptionInBothLanguages) {
  const auto pt = builtin("pt-BR");
  const auto en = builtin("en");
  for (const auto permission : kPermissions) {
    const auto key = "permission." + std::string(permission);
    ASSERT_TRUE(pt.count(key)) << key;
    ASSERT_TRUE(en.count(key)) << key;
    EXPECT_FALSE(pt.at(key).empty()) << key;
    EXPECT_FALSE(en.at(key).empty()) << key;
    EXPECT_NE(pt.at(key), en.at(key)) << key << " is not translated";
  }
}

TEST(Catalogues, DescribeNoPermissionOutsideTheConsentsApi) {
  for (const auto& [key, text] : builtin("en")) {
    if (key.rfind("permission.", 0) != 0) continue;
    const auto name = key.substr(std::string_view("permission.").size());
    EXPECT_NE(std::find(kPermissions.begin(), kPermissions.end(), name), kPermissions.end()) << key;
  }
}

TEST(Catalogues, HaveEveryStringThePagesAskFor) {
  for (const auto locale : {"pt-BR", "en"}) {
    const auto catalogue = builtin(locale);
    for (const auto key : kPageKeys) {
      ASSERT_TRUE(catalogue.count(key)) << locale << ": " << key;
      EXPECT_FALSE(catalogue.find(key)->second.empty()) << locale << ": " << key;
    }
  }
}

TEST(Catalogues, DescribeAccountsReadInPlainWords) {
  EXPECT_EQ(builtin("pt-BR").at("permission.ACCOUNTS_READ"), "Ver a lista das suas contas");
  EXPECT_EQ(builtin("en").at("permission.ACCOUNTS_READ"), "See the list of your accounts");
}

}  // namespace
}  // namespace fapid::pages
