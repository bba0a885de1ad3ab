// An operator's templates_dir: file by file over the built-in assets, checked once at load.
#include <gtest/gtest.h>

#include "pages/page_renderer.hpp"
#include "pages_test_support.hpp"

namespace fapid::pages {
namespace {

using test::ScratchDir;

constexpr std::string_view kLogin = "<html lang=\"{{lang}}\"><p>custom {{t.login_button}} {{client_name}}</p></html>";

std::string load_error(const std::string& dir) {
  auto r = PageRenderer::load(dir, "");
  EXPECT_FALSE(r.has_value());
  return r.has_value() ? "" : r.error().detail;
}

TEST(TemplatesDir, ReplacesOneFileAndKeepsTheOthersBuiltIn) {
  ScratchDir dir;
  dir.write("login.html", kLogin);
  dir.write("style.css", "body { color: red; }");
  auto pages = PageRenderer::load(dir.str(), "");
  ASSERT_TRUE(pages.has_value()) << pages.error().detail;
  EXPECT_EQ(pages->render("login", "en", {{"client_name", "<b>"}}),
            "<html lang=\"en\"><p>custom Sign in &lt;b&gt;</p></html>");
  EXPECT_EQ(pages->stylesheet(), "body { color: red; }");
  const auto builtin = test::builtin_renderer();
  EXPECT_EQ(pages->render("consent", "en", {{"client_name", "x"}}), builtin.render("consent", "en", {{"client_name", "x"}}));
  EXPECT_EQ(pages->render("message", "pt-BR", {}), builtin.render("message", "pt-BR", {}));
}

TEST(TemplatesDir, CatalogueReplacesTheStringsItNames) {
  ScratchDir dir;
  dir.write("messages/en.json", R"({"consent_approve": "Allow", "bank_name": "Bank"})");
  dir.write("messages/pt-BR.json", R"({"support": "Ligue 4004"})");
  auto pages = PageRenderer::load(dir.str(), "");
  ASSERT_TRUE(pages.has_value()) << pages.error().detail;
  EXPECT_EQ(pages->message("en", "consent_approve"), "Allow");
  EXPECT_EQ(pages->message("en", "bank_name"), "Bank");
  EXPECT_EQ(pages->message("en", "consent_reject"), "Reject");  // not named: built-in
  EXPECT_EQ(pages->message("pt-BR", "consent_approve"), "Autorizar");
  EXPECT_EQ(pages->message("pt-BR", "bank_name"), "bank_name");  // only in en: not in the default either
  EXPECT_EQ(pages->message("en", "support"), "Ligue 4004");      // only in the default locale
  EXPECT_NE(pages->render("consent", "en", {}).find(">Allow</button>"), std::string::npos);
}

TEST(TemplatesDir, AnEmptyDirectoryMeansEverythingBuiltIn) {
  ScratchDir dir;
  auto pages = PageRenderer::load(dir.str(), "en");
  ASSERT_TRUE(pages.has_value()) << pages.error().detail;
  EXPECT_EQ(pages->render("login", "en", {}), test::builtin_renderer().render("login", "en", {}));
}

TEST(TemplatesDir, RefusesADirectoryThatIsNotThere) {
  EXPECT_NE(load_error("/nonexistent/fapid-templates").find("/nonexistent/fapid-templates: not a directory"),
            std::string::npos);
}

TEST(TemplatesDir, RefusesACatalogueThatIsNotAnObjectOfStrings) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"{not json", "not valid JSON"},
      {R"(["a", "b"])", "not a JSON object of strings"},
      {R"({"consent_approve": 1})", "\"consent_approve\" is not a string"},
      {R"({"nested": {"a": "b"}})", "\"nested\" is not a string"},
  };
  for (const auto& [text, reason] : cases) {
    ScratchDir dir;
    dir.write("messages/pt-BR.json", text);
    const auto error = load_error(dir.str());
    EXPECT_NE(error.find("pt-BR.json"), std::string::npos) << error;
    EXPECT_NE(error.find(reason), std::string::npos) << error;
  }
}

TEST(TemplatesDir, RefusesAFileThatIsTooLarge) {
  ScratchDir dir;
  dir.write("consent.html", std::string(256 * 1024 + 1, 'x'));
  const auto error = load_error(dir.str());
  EXPECT_NE(error.find("consent.html: larger than 262144 bytes"), std::string::npos) << error;
}

TEST(TemplatesDir, RefusesAnUnreadableTemplate) {
  ScratchDir dir;
  std::filesystem::create_directory(dir.path() / "message.html");  // exists, but is no file
  const auto error = load_error(dir.str());
  EXPECT_NE(error.find("message.html: not a regular file"), std::string::npos) << error;
}

TEST(TemplatesDir, RefusesATemplateThatWritesUnescapedValues) {
  ScratchDir dir;
  dir.write("login.html", "<p>{{{client_name}}}</p>");
  const auto error = load_error(dir.str());
  EXPECT_NE(error.find("login.html: {{{client_name}}} writes a value without HTML escaping"), std::string::npos) << error;
}

}  // namespace
}  // namespace fapid::pages
