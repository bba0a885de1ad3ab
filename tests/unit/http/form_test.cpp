#include "http/form.hpp"

#include <gtest/gtest.h>

namespace fapid::http {
namespace {

const FormLimits kLimits{};

Params ok(std::string_view body) {
  auto r = parse_form(body, kLimits);
  EXPECT_TRUE(r.has_value()) << body << ": " << (r ? "" : r.error().description);
  return r ? *r : Params{};
}

void rejected(std::string_view body, const FormLimits& limits = kLimits) {
  auto r = parse_form(body, limits);
  ASSERT_FALSE(r.has_value()) << body;
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(r.error().status, 400);
}

TEST(Form, DecodesPercentEscapesAndPlusAsSpace) {
  auto p = ok("grant_type=authorization_code&redirect_uri=https%3A%2F%2Fa.example%2Fcb&scope=openid+accounts");
  EXPECT_EQ(p.get("grant_type"), "authorization_code");
  EXPECT_EQ(p.get("redirect_uri"), "https://a.example/cb");
  EXPECT_EQ(p.get("scope"), "openid accounts");
  EXPECT_EQ(p.get("missing"), std::nullopt);
}

TEST(Form, KeepsOrderAndEncodedPlus) {
  auto p = ok("b=1&a=%2B&c");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p.items()[0].name, "b");
  EXPECT_EQ(p.items()[1].value, "+");
  EXPECT_EQ(p.get("c"), "");
}

TEST(Form, EmptyBodyAndEmptySegmentsGiveNoParameters) {
  EXPECT_TRUE(ok("").empty());
  EXPECT_EQ(ok("a=1&&b=2&").size(), 2u);
}

TEST(Form, RejectsParametersIncludedMoreThanOnce_Rfc6749Section3_1) {
  rejected("client_id=a&client_id=a");
  rejected("scope=x&sc%6Fpe=y");  // the same name once decoded
}

TEST(Form, RejectsInvalidPercentEncoding) {
  rejected("a=%ZZ");
  rejected("a=%4");
  rejected("a=%");
}

TEST(Form, RejectsInvalidUtf8AfterDecoding) {
  rejected("a=%C3%28");      // bad continuation
  rejected("a=%C0%AF");      // overlong '/'
  rejected("a=%ED%A0%80");   // surrogate
  rejected("a=%F4%90%80%80");// above U+10FFFF
  rejected("a=%00");         // NUL
  EXPECT_EQ(ok("name=Jo%C3%A3o+%F0%9F%98%80").get("name"), "Jo\xC3\xA3o \xF0\x9F\x98\x80");
}

TEST(Form, RejectsAParameterWithoutName) { rejected("=value"); }

TEST(Form, EnforcesCountAndSizeLimits) {
  FormLimits small{.max_params = 2, .max_name_bytes = 4, .max_value_bytes = 5};
  EXPECT_TRUE(parse_form("a=1&b=2", small).has_value());
  rejected("a=1&b=2&c=3", small);
  rejected("abcde=1", small);
  rejected("a=123456", small);
  EXPECT_TRUE(parse_form("abcd=12345", small).has_value());
}

TEST(Form, QueryStringsFollowTheSameRules) {
  auto q = parse_query("response_type=code&client_id=c1&request_uri=urn%3Aietf%3Apar%3A1", kLimits);
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->get("request_uri"), "urn:ietf:par:1");
  EXPECT_FALSE(parse_query("a=1&a=2", kLimits).has_value());
}

TEST(Form, RecognisesTheFormMediaTypeWithParameters) {
  EXPECT_TRUE(is_form_content_type("application/x-www-form-urlencoded"));
  EXPECT_TRUE(is_form_content_type("Application/X-WWW-Form-URLEncoded; charset=UTF-8"));
  EXPECT_TRUE(is_form_content_type(" application/x-www-form-urlencoded ;charset=utf-8"));
  EXPECT_FALSE(is_form_content_type("application/json"));
  EXPECT_FALSE(is_form_content_type("application/x-www-form-urlencodedx"));
  EXPECT_FALSE(is_form_content_type(""));
}

}  // namespace
}  // namespace fapid::http

namespace fapid::http {
namespace {

// Regression (form_parser_fuzz, heap-buffer-overflow): Boost 1.81 parse_query uses strlen on the view.
TEST(Form, ParsesOnlyTheBytesOfTheViewItIsGiven) {
  const std::string buffer = "a=1&b=2";
  auto p = parse_form(std::string_view(buffer).substr(0, 3), kLimits);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->size(), 1u);
  EXPECT_EQ(p->get("b"), std::nullopt);
}

TEST(Form, RejectsRawNulAndReservedCharacters) {
  rejected(std::string_view("a=1\0b", 5));
  rejected("a=1#frag");
  rejected("a=x y");
}

}  // namespace
}  // namespace fapid::http
