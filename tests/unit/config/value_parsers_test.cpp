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

TEST(ValueParsers, UrnNamespaceFollowsRfc8141) {
  for (const char* good : {"ab", "fapid", "bank-1", "A0", "abcdefghijklmnopqrstuvwxyz012345"}) EXPECT_TRUE(is_urn_namespace(good)) << good;
  for (const char* bad : {"", "a", "-ab", "ab-", "a_b", "a.b", "a:b", "abcdefghijklmnopqrstuvwxyz0123456", "ç-bank"})
    EXPECT_FALSE(is_urn_namespace(bad)) << bad;
}

TEST(ValueParsers, UserAttributesAreTheFixedFourOrAnAttributesKey) {
  for (const char* good : {"sub", "name", "email", "cpf", "attributes.x", "attributes.birth_date", "attributes.Account-1"})
    EXPECT_TRUE(is_user_attribute(good)) << good;
  for (const char* bad : {"", "Sub", "phone_number", "attributes", "attributes.", "attributes.a.b", "attributes.a b",
                          "attributes.é", "xattributes.a", " sub"})
    EXPECT_FALSE(is_user_attribute(bad)) << bad;
}

}  // namespace
}  // namespace fapid::config
