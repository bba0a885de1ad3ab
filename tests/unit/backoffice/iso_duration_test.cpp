// ISO 8601 durations in the PnDTnHnMnS subset (nonfapi/backoffice/iso_duration.cpp).
#include "nonfapi/backoffice/iso_duration.hpp"

#include <gtest/gtest.h>

namespace fapid::nonfapi::backoffice {
namespace {

using namespace std::chrono_literals;

TEST(IsoDuration, ReadsEachComponentAndTheirSum) {
  EXPECT_EQ(parse_iso_duration("PT2H30M"), std::optional(std::chrono::seconds(2h + 30min)));
  EXPECT_EQ(parse_iso_duration("P1D"), std::optional(std::chrono::seconds(24h)));
  EXPECT_EQ(parse_iso_duration("P1DT1H1M1S"), std::optional(std::chrono::seconds(25h + 1min + 1s)));
  EXPECT_EQ(parse_iso_duration("PT45S"), std::optional(45s));
  EXPECT_EQ(parse_iso_duration("PT0S"), std::optional(0s));
  EXPECT_EQ(parse_iso_duration("PT90M"), std::optional(std::chrono::seconds(90min)));  // no carry required
  EXPECT_EQ(parse_iso_duration("PT002H"), std::optional(std::chrono::seconds(2h)));
}

TEST(IsoDuration, RefusesWhatIsOutsideTheSubset) {
  for (const char* text : {"", "P", "PT", "P1DT", "T1H", "1H", "P1W", "P1M", "P1Y", "PT1.5S", "PT1S1M", "PT1M1H",
                           "PT1H1H", "P1DT1HT1M", "-PT1H", "pt1h", "P1H", "PT1D", "PT1", "PTS", "P 1D", "P1D "}) {
    EXPECT_EQ(parse_iso_duration(text), std::nullopt) << text;
  }
}

TEST(IsoDuration, SaturatesHugeNumbersInsteadOfOverflowing) {
  const auto huge = parse_iso_duration("P99999999999999999999999999DT99999999999999999999H");
  ASSERT_TRUE(huge.has_value());
  EXPECT_GT(*huge, std::chrono::seconds(std::chrono::days(365 * 1000)));
}

TEST(IsoDuration, WritesTheCanonicalForm) {
  EXPECT_EQ(format_iso_duration(2h + 30min), "PT2H30M");
  EXPECT_EQ(format_iso_duration(24h), "P1D");
  EXPECT_EQ(format_iso_duration(std::chrono::days(30)), "P30D");
  EXPECT_EQ(format_iso_duration(25h + 1min + 1s), "P1DT1H1M1S");
  EXPECT_EQ(format_iso_duration(24h + 5s), "P1DT5S");
  EXPECT_EQ(format_iso_duration(45s), "PT45S");
  EXPECT_EQ(format_iso_duration(0s), "PT0S");
  EXPECT_EQ(format_iso_duration(-5s), "PT0S");
  for (const auto d : {1s, 59s, 61s, 3599s, 3601s, 86399s, 86401s, 2592000s}) {
    EXPECT_EQ(parse_iso_duration(format_iso_duration(d)), std::optional(d)) << d.count();
  }
}

}  // namespace
}  // namespace fapid::nonfapi::backoffice
