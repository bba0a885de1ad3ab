#include "config/value_parsers.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fapid::config {
namespace {

using ::testing::ElementsAre;
using namespace std::chrono_literals;

TEST(ValueParsers, CommaListTrimsAcrossLineBreaksAndDropsEmptyItems) {
  EXPECT_THAT(split_comma_list("openid,profile,\n      oob_opendata:read, ,\t x ,"), ElementsAre("openid", "profile", "oob_opendata:read", "x"));
  EXPECT_TRUE(split_comma_list(" , ").empty());
}

TEST(ValueParsers, DurationNeedsDigitsAndAUnit) {
  EXPECT_EQ(parse_duration("500ms"), 500ms);
  EXPECT_EQ(parse_duration("10s"), 10s);
  EXPECT_EQ(parse_duration("2m"), 2min);
  EXPECT_EQ(parse_duration("24h"), 24h);
  for (const char* bad : {"", "10", "s", "-1s", "1.5s", "10 s", "10sec", "25h", "99999999999999999999s", "86400001ms"})
    EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
}

TEST(ValueParsers, UnsignedIsDecimalOnly) {
  EXPECT_EQ(parse_unsigned("8443"), 8443u);
  for (const char* bad : {"", "+1", "-1", "0x10", " 1", "1 ", "18446744073709551616"}) EXPECT_EQ(parse_unsigned(bad), std::nullopt) << bad;
}

TEST(ValueParsers, ScopeTokenCharsetFollowsRfc6749Section3_3) {
  EXPECT_TRUE(is_scope_token("oob_consents:read"));
  EXPECT_TRUE(is_scope_token("consent:urn:bank:1!#[]~"));
  for (const char* bad : {"", "a b", "a\"b", "a\\b", "caf\xc3\xa9"}) EXPECT_FALSE(is_scope_token(bad)) << bad;
}

}  // namespace
}  // namespace fapid::config
