// JwtClaims and the time rules every received JWT shares (SPEC CA2, CA5, R2; RFC 7519 §2, §4.1).
#include "oauth/jwt_claims.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace fapid::oauth {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kNow = 1'700'000'000;
const TimeRules kRules{TimePoint(std::chrono::seconds(kNow)), 10s};

JwtClaims claims(const std::string& json) {
  auto c = JwtClaims::parse(json);
  EXPECT_TRUE(c) << json;
  return *c;
}

TEST(JwtClaims, A13_OnlyAStrictJsonObjectIsAClaimSet) {
  EXPECT_TRUE(JwtClaims::parse(R"({"iss":"a"})"));
  EXPECT_FALSE(JwtClaims::parse(R"({"iss":"a","iss":"b"})"));  // duplicate members
  EXPECT_FALSE(JwtClaims::parse(R"(["iss"])"));
  EXPECT_FALSE(JwtClaims::parse(R"("iss")"));
  EXPECT_FALSE(JwtClaims::parse(R"({"iss":"a"} x)"));
  EXPECT_FALSE(JwtClaims::parse(""));
}

TEST(JwtClaims, AClaimOfTheWrongTypeIsAMissingClaimNeverACoercedOne) {
  const auto c = claims(R"({"iss":"client","sub":7,"exp":"1700000060","nbf":true,"iat":null})");
  EXPECT_EQ(c.string("iss"), "client");
  EXPECT_EQ(c.string("sub"), std::nullopt);
  EXPECT_EQ(c.string("missing"), std::nullopt);
  EXPECT_EQ(c.numeric_date("exp"), std::nullopt);
  EXPECT_EQ(c.numeric_date("nbf"), std::nullopt);
  EXPECT_EQ(c.numeric_date("iat"), std::nullopt);
  EXPECT_TRUE(c.has("iat"));
  EXPECT_FALSE(c.has("jti"));
}

TEST(JwtClaims, ANumericDateMayHaveAFractionWhichIsTruncatedDown) {
  const auto c = claims(R"({"a":1700000000,"b":1700000000.9,"c":-1.5,"d":0})");
  EXPECT_EQ(c.numeric_date("a"), kNow);
  EXPECT_EQ(c.numeric_date("b"), kNow);
  EXPECT_EQ(c.numeric_date("c"), -2);
  EXPECT_EQ(c.numeric_date("d"), 0);
}

TEST(JwtClaims, ANumericDateFarOutsideAnyPlausibleDateIsMalformed) {
  const auto c = claims(R"({"a":1e300,"b":-1e13,"c":18446744073709551615,"d":9223372036854775808,)"
                        R"("e":9223372036854775807,"f":-9223372036854775808})");
  for (const char* name : {"a", "b", "c", "d", "e", "f"}) EXPECT_EQ(c.numeric_date(name), std::nullopt) << name;
}

TEST(JwtClaims, AudienceIsAStringOrWhenAllowedAnArrayHoldingAnAcceptedValue) {
  const std::vector<std::string> accepted{"https://as.example/auth", "https://as.example/token"};
  EXPECT_TRUE(claims(R"({"aud":"https://as.example/auth"})").audience_is_one_of(accepted, false));
  EXPECT_TRUE(claims(R"({"aud":["x","https://as.example/token"]})").audience_is_one_of(accepted, true));
  EXPECT_FALSE(claims(R"({"aud":["https://as.example/auth"]})").audience_is_one_of(accepted, false));  // CA4
  EXPECT_FALSE(claims(R"({"aud":"https://as.example/auth/"})").audience_is_one_of(accepted, true));
  EXPECT_FALSE(claims(R"({"aud":"HTTPS://as.example/auth"})").audience_is_one_of(accepted, true));
  EXPECT_FALSE(claims(R"({"aud":[["https://as.example/auth"]]})").audience_is_one_of(accepted, true));
  EXPECT_FALSE(claims(R"({"aud":[]})").audience_is_one_of(accepted, true));
  EXPECT_FALSE(claims(R"({"aud":null})").audience_is_one_of(accepted, true));
  EXPECT_FALSE(claims(R"({"iss":"x"})").audience_is_one_of(accepted, true));  // A08: aud missing
}

TEST(JwtClaims, CA2_ExpIsRequiredAndAJwtIsExpiredFromExpOn) {
  EXPECT_EQ(check_exp(claims(R"({})"), kRules), "exp missing");
  EXPECT_EQ(check_exp(claims(R"({"exp":"1700000060"})"), kRules), "exp is not a number");
  EXPECT_EQ(check_exp(claims(R"({"exp":1700000000})"), kRules), "expired");
  EXPECT_EQ(check_exp(claims(R"({"exp":1699999700})"), kRules), "expired");  // 5 minutes past expiry
  EXPECT_EQ(check_exp(claims(R"({"exp":1700000001})"), kRules), std::nullopt);
}

TEST(JwtClaims, CA5_IatAndNbfAreAcceptedUpToTheSkewInTheFuture) {
  EXPECT_EQ(check_not_in_future(claims(R"({"iat":1700000010})"), "iat", false, kRules), std::nullopt);
  EXPECT_EQ(check_not_in_future(claims(R"({"nbf":1700000010})"), "nbf", true, kRules), std::nullopt);
  EXPECT_EQ(check_not_in_future(claims(R"({"iat":1600000000})"), "iat", true, kRules), std::nullopt);
  EXPECT_EQ(check_not_in_future(claims(R"({"iat":1700000011})"), "iat", false, kRules), "iat is in the future");
  EXPECT_EQ(check_not_in_future(claims(R"({"nbf":1700000060})"), "nbf", false, kRules), "nbf is in the future");
}

TEST(JwtClaims, R2_AnAbsentTimeClaimIsAProblemOnlyWhenRequired) {
  EXPECT_EQ(check_not_in_future(claims(R"({})"), "nbf", false, kRules), std::nullopt);
  EXPECT_EQ(check_not_in_future(claims(R"({})"), "nbf", true, kRules), "nbf missing");
  EXPECT_EQ(check_not_in_future(claims(R"({"nbf":"now"})"), "nbf", false, kRules), "nbf is not a number");
}

TEST(JwtClaims, UnixSecondsTruncateSubSecondTimes) {
  EXPECT_EQ(to_unix_seconds(TimePoint(std::chrono::milliseconds(1'700'000'000'999))), kNow);
}

}  // namespace
}  // namespace fapid::oauth
