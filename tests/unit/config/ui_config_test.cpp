// The `ui` section: replacement templates for the customer's pages and their default language.
#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

class UiConfig : public ExampleConfig {
 protected:
  LoadResult with_ui(const std::string& body) const { return load(example_ + "ui:\n" + body); }
};

TEST_F(UiConfig, DefaultsApplyWhenTheSectionIsAbsent) {
  const auto r = load();
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->ui.templates_dir, "");
  EXPECT_EQ(r.config->ui.default_locale, "pt-BR");
}

TEST_F(UiConfig, ReadsATemplatesDirectoryAndALocale) {
  dir_.file("templates/login.html", "<p>login</p>");
  const std::string dir = (dir_.path() / "templates").string();
  const auto r = with_ui("  templatesDir: " + dir + "\n  defaultLocale: en\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->ui.templates_dir, dir);
  EXPECT_EQ(r.config->ui.default_locale, "en");
}

TEST_F(UiConfig, AnEmptyTemplatesDirMeansTheBuiltInTemplates) {
  const auto r = with_ui("  templatesDir: ''\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->ui.templates_dir, "");
}

TEST_F(UiConfig, TemplatesDirMustBeAnExistingDirectory) {
  const std::string missing = (dir_.path() / "no-such-dir").string();
  EXPECT_CONFIG_ERROR(with_ui("  templatesDir: " + missing + "\n"), "ui.templatesDir: not a directory: " + missing);
  const auto file = dir_.file("templates.html", "<p/>");
  EXPECT_CONFIG_ERROR(with_ui("  templatesDir: " + file + "\n"), "ui.templatesDir: not a directory: " + file);
}

TEST_F(UiConfig, DefaultLocaleIsPtBrOrEn) {
  for (const char* bad : {"pt", "pt-br", "en-US", "es", "''"}) {
    SCOPED_TRACE(bad);
    EXPECT_CONFIG_ERROR(with_ui(std::string("  defaultLocale: ") + bad + "\n"), "ui.defaultLocale: expected pt-BR or en");
  }
  EXPECT_CONFIG_OK(with_ui("  defaultLocale: pt-BR\n"));
}

TEST_F(UiConfig, UnknownKeysAndANonMapAreRefused) {
  EXPECT_CONFIG_ERROR(with_ui("  templateDir: /tmp\n"), "ui.templateDir: unknown key");
  EXPECT_CONFIG_ERROR(load(example_ + "ui: en\n"), "ui: expected a map");
}

}  // namespace
}  // namespace fapid::config::test
