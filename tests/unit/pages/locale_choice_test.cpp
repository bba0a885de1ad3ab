#include "pages/locale_choice.hpp"

#include <gtest/gtest.h>

namespace fapid::pages {
namespace {

const std::vector<std::string> kSupported = {"pt-BR", "en"};

std::string choose(std::string_view ui_locales, std::string_view accept_language) {
  return choose_locale(ui_locales, accept_language, kSupported, "pt-BR");
}

// OIDC Core §3.1.2.1: ui_locales is the End-User's preference, so it outranks the browser's header.
TEST(ChooseLocale, UiLocalesWinsOverAcceptLanguage) {
  EXPECT_EQ(choose("en", "pt-BR"), "en");
  EXPECT_EQ(choose("pt-BR", "en"), "pt-BR");
}

TEST(ChooseLocale, TakesTheFirstSupportedOfUiLocales) {
  EXPECT_EQ(choose("fr-CA de en pt-BR", ""), "en");
  EXPECT_EQ(choose("  fr   pt  ", "en"), "pt-BR");
}

TEST(ChooseLocale, UiLocalesWithNothingSupportedFallsThroughToAcceptLanguage) {
  EXPECT_EQ(choose("fr de", "en-GB"), "en");
}

TEST(ChooseLocale, MatchesIgnoringCaseAndByPrimaryLanguage) {
  EXPECT_EQ(choose("", "pt"), "pt-BR");
  EXPECT_EQ(choose("", "pt-br"), "pt-BR");
  EXPECT_EQ(choose("", "PT-BR"), "pt-BR");
  EXPECT_EQ(choose("", "pt-PT"), "pt-BR");
  EXPECT_EQ(choose("", "en-US"), "en");
  EXPECT_EQ(choose("", "EN"), "en");
  EXPECT_EQ(choose("EN-us", ""), "en");
}

// RFC 9110 §12.5.4: the highest quality wins, whatever the order of the list.
TEST(ChooseLocale, HonoursQValues) {
  EXPECT_EQ(choose("", "pt-BR;q=0.4, en;q=0.9"), "en");
  EXPECT_EQ(choose("", "en;q=0.5,pt;q=0.8"), "pt-BR");
  EXPECT_EQ(choose("", "fr, en;q=0.7, pt-BR;q=0.71"), "pt-BR");
  EXPECT_EQ(choose("", "en-US,en;q=0.9,pt-BR;q=0.8"), "en");
  EXPECT_EQ(choose("", "en ; Q=1.0, pt;q=0.999"), "en");
}

TEST(ChooseLocale, KeepsHeaderOrderAmongEqualQualities) {
  EXPECT_EQ(choose("", "en, pt-BR"), "en");
  EXPECT_EQ(choose("", "pt-BR;q=0.5, en;q=0.5"), "pt-BR");
}

// RFC 9110 §12.4.2: q=0 means "not acceptable".
TEST(ChooseLocale, NeverChoosesARangeWithQualityZero) {
  EXPECT_EQ(choose_locale("", "en;q=0", kSupported, "pt-BR"), "pt-BR");
  EXPECT_EQ(choose_locale("", "pt;q=0, en;q=0.000", kSupported, "en"), "en");
}

TEST(ChooseLocale, WildcardMeansTheDefault) {
  EXPECT_EQ(choose_locale("", "fr, *;q=0.5, pt;q=0.1", kSupported, "en"), "en");
}

TEST(ChooseLocale, UnsupportedLanguagesGiveTheDefault) {
  EXPECT_EQ(choose_locale("fr", "de-DE, ja;q=0.8", kSupported, "en"), "en");
  EXPECT_EQ(choose_locale("", "", kSupported, "pt-BR"), "pt-BR");
}

TEST(ChooseLocale, SkipsMalformedRangesAndKeepsTheGoodOnes) {
  EXPECT_EQ(choose("", "en;q=2, pt-BR;q=0.1"), "pt-BR");      // q above 1
  EXPECT_EQ(choose("", "en;q=abc, pt;q=0.2"), "pt-BR");       // q not a number
  EXPECT_EQ(choose("", "en;q=0.1234, pt;q=0.2"), "pt-BR");    // more than three decimals
  EXPECT_EQ(choose("", "en;x=1, pt;q=0.2"), "pt-BR");         // not a q parameter
  EXPECT_EQ(choose_locale("", "pt_BR", kSupported, "en"), "en");                       // '_' is no tag
  EXPECT_EQ(choose_locale("", "en-, e n, <script>en", kSupported, "pt-BR"), "pt-BR");
  EXPECT_EQ(choose_locale("", "en-toolongsubtag", kSupported, "pt-BR"), "pt-BR");
  EXPECT_EQ(choose("", ",,, ;;; ,en"), "en");
  EXPECT_EQ(choose("", std::string(5000, 'e')), "pt-BR");
  EXPECT_EQ(choose("\"en\" <b>", std::string(2000, ',') + "en"), "pt-BR");
}

TEST(ChooseLocale, IgnoresMalformedUiLocales) {
  EXPECT_EQ(choose_locale("en_US 1en", "", kSupported, "pt-BR"), "pt-BR");
  EXPECT_EQ(choose_locale("<en>", "", kSupported, "pt-BR"), "pt-BR");
}

TEST(MatchLocale, PrefersTheExactTagToTheSameLanguage) {
  const std::vector<std::string> supported = {"pt-PT", "pt-BR"};
  EXPECT_EQ(match_locale("pt-br", supported), "pt-BR");
  EXPECT_EQ(match_locale("pt", supported), "pt-PT");
  EXPECT_EQ(match_locale("es", supported), "");
  EXPECT_EQ(match_locale("", supported), "");
}

}  // namespace
}  // namespace fapid::pages
