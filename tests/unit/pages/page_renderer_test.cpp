#include "pages/page_renderer.hpp"

#include <gtest/gtest.h>

#include <map>

#include "pages_test_support.hpp"

namespace fapid::pages {
namespace {

using test::attribute;
using test::builtin_renderer;
using test::tags;

constexpr std::string_view kHostile = "<script>alert(\"x\")</script>' onmouseover='x' \" onfocus=\"y";

nlohmann::json login_data(std::string_view value) {
  return {{"action", value}, {"id", value}, {"csrf", value}, {"client_name", value}, {"login", value},
          {"error", value}, {"stylesheet_url", value}};
}

nlohmann::json consent_data(std::string_view value) {
  return {{"action", value},
          {"id", value},
          {"csrf", value},
          {"client_name", value},
          {"user_name", value},
          {"has_consent", true},
          {"permissions", {{{"name", value}, {"description", value}}}},
          {"expiry", value},
          {"stylesheet_url", value}};
}

nlohmann::json scopes_data(std::string_view value) {
  return {{"action", value}, {"id", value}, {"csrf", value}, {"client_name", value}, {"has_consent", false},
          {"scopes", {value, "openid"}}};
}

nlohmann::json message_data(std::string_view value) {
  return {{"title", value}, {"message", value}, {"hint", value}, {"stylesheet_url", value}};
}

// An attribute such as onclick= inside a tag (std::regex trips GCC 12's -Wmaybe-uninitialized under ASan).
bool has_event_handler(std::string_view html) {
  bool in_tag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') in_tag = true;
    if (html[i] == '>') in_tag = false;
    if (!in_tag || html.substr(i, 3) != " on") continue;
    auto j = i + 3;
    while (j < html.size() && html[j] >= 'a' && html[j] <= 'z') ++j;
    if (j > i + 3 && j < html.size() && html[j] == '=') return true;
  }
  return false;
}

void expect_escaped(const std::string& html) {
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("\" onfocus"), std::string::npos) << html;
  EXPECT_EQ(html.find("' onmouseover"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)"), std::string::npos) << html;
}

TEST(PageRenderer, EscapesHostileValuesOnEveryPage) {
  const auto pages = builtin_renderer();
  for (const auto locale : {"pt-BR", "en"}) {
    expect_escaped(pages.render("login", locale, login_data(kHostile)));
    expect_escaped(pages.render("consent", locale, consent_data(kHostile)));
    expect_escaped(pages.render("consent", locale, scopes_data(kHostile)));
    expect_escaped(pages.render("message", locale, message_data(kHostile)));
  }
}

TEST(PageRenderer, ShowsTheHostileValueAsText) {
  const auto html = builtin_renderer().render("consent", "en", consent_data(kHostile));
  EXPECT_NE(html.find("<dd>&lt;script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("<li>&lt;script&gt;"), std::string::npos) << html;
}

TEST(PageRenderer, SetsLangAndTranslatesInBothLocales) {
  const auto pages = builtin_renderer();
  const auto pt = pages.render("login", "pt-BR", login_data("x"));
  const auto en = pages.render("login", "en", login_data("x"));
  EXPECT_NE(pt.find("<html lang=\"pt-BR\">"), std::string::npos);
  EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(pt.find(">Senha</label>"), std::string::npos) << pt;
  EXPECT_NE(en.find(">Password</label>"), std::string::npos) << en;
  EXPECT_NE(pt.find(">Entrar</button>"), std::string::npos);
  EXPECT_NE(en.find(">Sign in</button>"), std::string::npos);

  const auto consent_pt = pages.render("consent", "pt-BR", consent_data("x"));
  const auto consent_en = pages.render("consent", "en", consent_data("x"));
  EXPECT_NE(consent_pt.find("<html lang=\"pt-BR\">"), std::string::npos);
  EXPECT_NE(consent_pt.find(">Autorizar</button>"), std::string::npos);
  EXPECT_NE(consent_en.find(">Approve</button>"), std::string::npos);
  EXPECT_NE(consent_en.find(">Reject</button>"), std::string::npos);
  EXPECT_NE(pages.render("message", "en", message_data("x")).find("<html lang=\"en\">"), std::string::npos);
}

TEST(PageRenderer, RendersAnUnsupportedLocaleInTheDefault) {
  const auto pages = builtin_renderer();
  EXPECT_NE(pages.render("login", "fr", {}).find("<html lang=\"pt-BR\">"), std::string::npos);
  EXPECT_NE(pages.render("login", "EN-us", {}).find("<html lang=\"en\">"), std::string::npos);
}

TEST(PageRenderer, DataCannotOverrideLangOrMessages) {
  const auto html = builtin_renderer().render("login", "en", {{"lang", "xx"}, {"t", {{"password_label", "pwned"}}}});
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(html.find("pwned"), std::string::npos);
}

TEST(PageRenderer, ThrowsOnAPageThatDoesNotExist) {
  EXPECT_THROW((void)builtin_renderer().render("admin", "en", {}), std::invalid_argument);
}

// WCAG 2.1 SC 1.3.1 / 4.1.2: every visible control is labelled.
TEST(LoginPage, LabelsEveryVisibleInput) {
  const auto html = builtin_renderer().render("login", "en", login_data("x"));
  const auto inputs = tags(html, "input");
  ASSERT_EQ(inputs.size(), 4u) << html;
  int visible = 0;
  for (const auto& input : inputs) {
    if (attribute(input, "type") == "hidden") continue;
    ++visible;
    const auto id = attribute(input, "id");
    ASSERT_FALSE(id.empty()) << input;
    EXPECT_NE(html.find("<label for=\"" + id + "\""), std::string::npos) << input;
  }
  EXPECT_EQ(visible, 2);
  EXPECT_NE(html.find("<label for=\"login\""), std::string::npos);
  EXPECT_NE(html.find("<label for=\"password\""), std::string::npos);
}

TEST(LoginPage, PostsTheFieldsTheHandlerReads) {
  const auto html = builtin_renderer().render("login", "en", login_data("v"));
  const auto forms = tags(html, "form");
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(attribute(forms[0], "method"), "post");
  EXPECT_EQ(attribute(forms[0], "action"), "v");
  std::map<std::string, std::string> by_name;
  for (const auto& input : tags(html, "input")) by_name[attribute(input, "name")] = input;
  EXPECT_EQ(attribute(by_name["id"], "type"), "hidden");
  EXPECT_EQ(attribute(by_name["csrf"], "type"), "hidden");
  EXPECT_EQ(attribute(by_name["csrf"], "value"), "v");
  EXPECT_EQ(attribute(by_name["login"], "type"), "text");
  EXPECT_EQ(attribute(by_name["password"], "type"), "password");
  EXPECT_EQ(attribute(by_name["password"], "autocomplete"), "current-password");
  EXPECT_EQ(attribute(by_name["password"], "value"), "");  // a password is never written back
  EXPECT_NE(html.find("<button type=\"submit\">"), std::string::npos);
}

TEST(LoginPage, ShowsTheErrorAsAnAlertOnlyWhenThereIsOne) {
  const auto pages = builtin_renderer();
  const auto with = pages.render("login", "en", {{"error", pages.message("en", "error_locked")}});
  EXPECT_NE(with.find("role=\"alert\">Your account is temporarily locked"), std::string::npos) << with;
  EXPECT_NE(with.find("try again later"), std::string::npos);
  EXPECT_EQ(pages.render("login", "en", {}).find("role=\"alert\""), std::string::npos);
}

TEST(ConsentPage, ListsEachPermissionByItsDescription) {
  const auto pages = builtin_renderer();
  nlohmann::json data = consent_data("x");
  data["permissions"] = nlohmann::json::array();
  for (const auto* p : {"ACCOUNTS_READ", "RESOURCES_READ"})
    data["permissions"].push_back({{"name", p}, {"description", pages.permission_description("pt-BR", p)}});
  data.erase("expiry");
  const auto html = pages.render("consent", "pt-BR", data);
  EXPECT_NE(html.find("<li>Ver a lista das suas contas</li>"), std::string::npos) << html;
  EXPECT_NE(html.find(pages.message("pt-BR", "no_expiry")), std::string::npos);
}

TEST(ConsentPage, ShowsTheExpiryWhenThereIsOne) {
  auto data = consent_data("x");
  data["expiry"] = "2031-01-01T00:00:00Z";
  const auto html = builtin_renderer().render("consent", "en", data);
  EXPECT_NE(html.find("<dd>2031-01-01T00:00:00Z</dd>"), std::string::npos) << html;
  EXPECT_EQ(html.find("No expiry"), std::string::npos);
}

TEST(ConsentPage, HasOneFormWithApproveAndRejectButtons) {
  const auto html = builtin_renderer().render("consent", "en", consent_data("v"));
  ASSERT_EQ(tags(html, "form").size(), 1u);
  const auto buttons = tags(html, "button");
  ASSERT_EQ(buttons.size(), 2u);
  for (const auto& b : buttons) {
    EXPECT_EQ(attribute(b, "type"), "submit");
    EXPECT_EQ(attribute(b, "name"), "decision");
  }
  EXPECT_EQ(attribute(buttons[0], "value"), "approve");
  EXPECT_EQ(attribute(buttons[1], "value"), "reject");
  std::vector<std::string> hidden;
  for (const auto& input : tags(html, "input")) hidden.push_back(attribute(input, "name"));
  EXPECT_EQ(hidden, (std::vector<std::string>{"id", "csrf"}));
}

TEST(ConsentPage, ListsTheScopesWhenThereIsNoConsent) {
  const auto html = builtin_renderer().render("consent", "en", scopes_data("accounts"));
  EXPECT_NE(html.find("<li>accounts</li>"), std::string::npos) << html;
  EXPECT_NE(html.find("<li>openid</li>"), std::string::npos);
  EXPECT_EQ(html.find("Valid until"), std::string::npos);
}

TEST(MessagePage, IsAnAlertUnlessItReportsAnOutcome) {
  const auto pages = builtin_renderer();
  EXPECT_NE(pages.render("message", "en", message_data("m")).find("role=\"alert\">m<"), std::string::npos);
  auto done = message_data("m");
  done["done"] = true;
  const auto html = pages.render("message", "en", done);
  EXPECT_NE(html.find("role=\"status\">m<"), std::string::npos) << html;
  EXPECT_EQ(html.find("role=\"alert\""), std::string::npos);
}

TEST(Pages, CarryNoScriptNoInlineStyleAndLinkTheStylesheet) {
  ASSERT_TRUE(has_event_handler("<p class=\"a\" onclick=\"x\">"));  // the check itself works
  ASSERT_FALSE(has_event_handler("<p>voltar onde=1</p>"));
  const auto pages = builtin_renderer();
  for (const auto& html : {pages.render("login", "en", login_data("/s.css")),
                           pages.render("consent", "en", consent_data("/s.css")),
                           pages.render("message", "en", message_data("/s.css"))}) {
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<style"), std::string::npos);
    EXPECT_EQ(html.find("style="), std::string::npos);
    EXPECT_FALSE(has_event_handler(html)) << html;
    EXPECT_NE(html.find("<link rel=\"stylesheet\" href=\"/s.css\">"), std::string::npos) << html;
  }
  EXPECT_NE(pages.stylesheet().find("button"), std::string::npos);
}

TEST(Pages, LeaveTheStylesheetLinkOutWithoutAUrl) {
  EXPECT_EQ(builtin_renderer().render("message", "en", {}).find("<link"), std::string::npos);
}

TEST(Messages, FallBackToTheKeyAndPermissionsToTheirName) {
  const auto pages = builtin_renderer();
  EXPECT_EQ(pages.message("en", "consent_reject"), "Reject");
  EXPECT_EQ(pages.message("pt-BR", "consent_reject"), "Recusar");
  EXPECT_EQ(pages.message("fr", "consent_reject"), "Recusar");  // the default locale
  EXPECT_EQ(pages.message("en", "no_such_key"), "no_such_key");
  EXPECT_EQ(pages.permission_description("en", "ACCOUNTS_READ"), "See the list of your accounts");
  EXPECT_EQ(pages.permission_description("en", "PAYMENTS_INITIATE"), "PAYMENTS_INITIATE");
}

TEST(Messages, ConvertNumbersAndNestedValues) {
  const auto pages = builtin_renderer();
  const auto html = pages.render("message", "en", {{"title", 12345678901234}, {"message", 1.5}, {"hint", nullptr}});
  EXPECT_NE(html.find("<h1>12345678901234</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find(">1.5<"), std::string::npos) << html;
  EXPECT_EQ(html.find("class=\"hint\"></p>"), std::string::npos);  // null is a false section
}

TEST(PageRenderer, ListsItsLocalesAndDefault) {
  const auto pages = builtin_renderer();
  EXPECT_EQ(pages.locales(), (std::vector<std::string>{"pt-BR", "en"}));
  EXPECT_EQ(pages.default_locale(), "pt-BR");
  auto en = PageRenderer::load("", "en-us");
  ASSERT_TRUE(en.has_value());
  EXPECT_EQ(en->default_locale(), "en");
  auto bad = PageRenderer::load("", "fr");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().detail.find("fr"), std::string::npos);
}

}  // namespace
}  // namespace fapid::pages
