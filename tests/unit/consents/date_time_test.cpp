// Consents API v3 date-times: RFC 3339 UTC with 'Z', and the 12-month ceiling of expirationDateTime.
#include "fapi/consents/date_time.hpp"

#include <gtest/gtest.h>

namespace fapid::fapi::consents {
namespace {

using namespace std::chrono;

TimePoint utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

TEST(DateTime, ParsesTheSpecsExampleAsUtc) {
  EXPECT_EQ(parse_date_time("2021-05-21T08:30:00Z"), utc(2021, 5, 21, 8, 30, 0));
  EXPECT_EQ(parse_date_time("1970-01-01T00:00:00Z"), TimePoint{});
  EXPECT_EQ(parse_date_time("2200-12-31T23:59:59Z"), utc(2200, 12, 31, 23, 59, 59));
}

TEST(DateTime, AcceptsLeapDaysOnlyInLeapYears) {
  EXPECT_EQ(parse_date_time("2024-02-29T12:00:00Z"), utc(2024, 2, 29, 12, 0, 0));
  EXPECT_EQ(parse_date_time("2000-02-29T00:00:00Z"), utc(2000, 2, 29, 0, 0, 0));
  EXPECT_FALSE(parse_date_time("2023-02-29T12:00:00Z"));
  EXPECT_FALSE(parse_date_time("2100-02-29T12:00:00Z"));
}

TEST(DateTime, RefusesFieldsOutOfRange) {
  EXPECT_FALSE(parse_date_time("2024-04-31T00:00:00Z"));
  EXPECT_FALSE(parse_date_time("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_date_time("2024-00-01T00:00:00Z"));
  EXPECT_FALSE(parse_date_time("2024-01-00T00:00:00Z"));
  EXPECT_FALSE(parse_date_time("2024-01-01T24:00:00Z"));
  EXPECT_FALSE(parse_date_time("2024-01-01T00:60:00Z"));
  EXPECT_FALSE(parse_date_time("2024-01-01T00:00:61Z"));
}

TEST(DateTime, RefusesALeapSecond) {
  EXPECT_FALSE(parse_date_time("2016-12-31T23:59:60Z"));
}

TEST(DateTime, RefusesYearsSystemClockCannotHoldOrNoConsentUses) {
  EXPECT_FALSE(parse_date_time("1969-12-31T23:59:59Z"));
  EXPECT_FALSE(parse_date_time("2201-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_date_time("9999-12-31T23:59:59Z"));
}

TEST(DateTime, RefusesAnythingButAnUppercaseZAsTheZone) {
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00z"));
  EXPECT_FALSE(parse_date_time("2021-05-21t08:30:00Z"));
  EXPECT_FALSE(parse_date_time("2021-05-21 08:30:00Z"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00+00:00"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00-03:00"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00ZZ"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00Z "));
}

TEST(DateTime, RefusesShortOrSignedFields) {
  EXPECT_FALSE(parse_date_time("2021-5-21T08:30:00Z"));
  EXPECT_FALSE(parse_date_time("2021-05-21T8:30:00Z"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30Z"));
  EXPECT_FALSE(parse_date_time("2021-05-21"));
  EXPECT_FALSE(parse_date_time("+021-05-21T08:30:00Z"));
  EXPECT_FALSE(parse_date_time("2021-05-2xT08:30:00Z"));
  EXPECT_FALSE(parse_date_time(""));
}

TEST(DateTime, AcceptsAndDropsFractionalSeconds) {
  EXPECT_EQ(parse_date_time("2021-05-21T08:30:00.5Z"), utc(2021, 5, 21, 8, 30, 0));
  EXPECT_EQ(parse_date_time("2021-05-21T08:30:00.999999999Z"), utc(2021, 5, 21, 8, 30, 0));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00.Z"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00.1234567890Z"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00.5"));
  EXPECT_FALSE(parse_date_time("2021-05-21T08:30:00,5Z"));
}

TEST(DateTime, FormatsTheWireFormTruncatedToTheSecond) {
  EXPECT_EQ(format_date_time(utc(2021, 5, 21, 8, 30, 0)), "2021-05-21T08:30:00Z");
  EXPECT_EQ(format_date_time(utc(2024, 2, 29, 23, 59, 59) + milliseconds{999}), "2024-02-29T23:59:59Z");
  EXPECT_EQ(format_date_time(TimePoint{}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_date_time(TimePoint{} - nanoseconds{1}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_date_time(utc(2021, 5, 21, 8, 30, 0)).size(), kWireDateTimeLength);
}

TEST(DateTime, FormattingThenParsingGivesTheSameSecond) {
  const auto t = utc(2031, 12, 31, 23, 59, 58) + microseconds{123};
  EXPECT_EQ(parse_date_time(format_date_time(t)), floor<seconds>(t));
}

TEST(DateTime, TwelveMonthsAfterIsTheSameTimeOfDayAYearLater) {
  EXPECT_EQ(twelve_months_after(utc(2025, 3, 10, 12, 0, 0)), utc(2026, 3, 10, 12, 0, 0));
  EXPECT_EQ(twelve_months_after(utc(2023, 3, 1, 0, 0, 1)), utc(2024, 3, 1, 0, 0, 1));  // across 29 Feb 2024
  EXPECT_EQ(twelve_months_after(utc(2025, 12, 31, 23, 59, 59) + milliseconds{5}),
            utc(2026, 12, 31, 23, 59, 59) + milliseconds{5});
}

TEST(DateTime, TwelveMonthsAfterALeapDayIsTheTwentyEighthOfFebruary) {
  EXPECT_EQ(twelve_months_after(utc(2024, 2, 29, 10, 0, 0)), utc(2025, 2, 28, 10, 0, 0));
}

}  // namespace
}  // namespace fapid::fapi::consents
