#include "config/url_rules.hpp"

#include <gtest/gtest.h>

namespace fapid::config {
namespace {

TEST(UrlRules, AcceptsAbsoluteHttpsUrls) {
  EXPECT_EQ(check_url("https://localhost:3000/home"), std::nullopt);
  EXPECT_EQ(check_url("https://tpp.example/cb?x=1"), std::nullopt);
}

TEST(UrlRules, RefusesWhatARedirectionEndpointMustNotBe) {
  EXPECT_EQ(check_url("/relative"), "not an absolute URL");
  EXPECT_EQ(check_url("http://tpp.example/cb"), "not an https URL");
  EXPECT_EQ(check_url("https:///cb"), "URL has no host");
  EXPECT_EQ(check_url("https://user:pw@tpp.example/cb"), "URL must not contain user info");
  EXPECT_EQ(check_url("https://tpp.example/cb#x"), "URL must not have a fragment");  // RFC 6749 §3.1.2
}

TEST(UrlRules, LoopbackHttpOnlyWhenAllowed) {
  for (const char* ok : {"http://127.0.0.1:8080/cb", "http://127.1.2.3/cb", "http://[::1]:80/cb", "http://LocalHost/cb"})
    EXPECT_EQ(check_url(ok, true), std::nullopt) << ok;
  EXPECT_EQ(check_url("http://localhost.evil.example/cb", true), "http is allowed only for loopback hosts");
  EXPECT_EQ(check_url("http://10.0.0.1/cb", true), "http is allowed only for loopback hosts");
  EXPECT_EQ(check_url("http://127.0.0.1/cb", false), "not an https URL");
}

TEST(UrlRules, BaseUrlHasNoQueryAndNoTrailingSlash) {
  EXPECT_EQ(check_base_url("https://as.example"), std::nullopt);
  EXPECT_EQ(check_base_url("https://as.example/prefix"), std::nullopt);
  EXPECT_EQ(check_base_url("https://as.example/"), "URL must not end with '/'");
  EXPECT_EQ(check_base_url("https://as.example?x"), "URL must not have a query");
}

TEST(UrlRules, OriginIsSchemeHostAndPortOnly) {
  std::string origin;
  EXPECT_EQ(check_origin("https://portal.example:8443/", origin), std::nullopt);
  EXPECT_EQ(origin, "https://portal.example:8443");
  EXPECT_EQ(check_origin("https://portal.example/home", origin), "an origin must not have a path");
  EXPECT_EQ(check_origin("https://portal.example?x", origin), "an origin must not have a query");
}

}  // namespace
}  // namespace fapid::config
