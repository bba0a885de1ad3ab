// http::append_params: authorization responses appended to the redirect URI (RFC 6749 §3.1.2, §4.1.2;
// OIDC Core §3.3.2.5). Here because the FAPI tree's authorization response is its one user.
#include "http/url_builder.hpp"

#include <gtest/gtest.h>

namespace fapid::http {
namespace {

const ParamList kCode{{"code", "SplxlOBeZQQYbYS6WxSbIA"}, {"state", "xyz"}, {"iss", "https://as.example/auth"}};

TEST(AppendParams, TheQueryComponentGetsTheParametersFormEncoded) {
  EXPECT_EQ(append_params("https://tpp.example/cb", UrlPart::query, kCode),
            "https://tpp.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fas.example%2Fauth");
}

TEST(AppendParams, TheRedirectUrisOwnQueryIsKept) {
  EXPECT_EQ(append_params("https://tpp.example/cb?app=1", UrlPart::query, {{"code", "c"}}),
            "https://tpp.example/cb?app=1&code=c");
  EXPECT_EQ(append_params("https://tpp.example/cb?", UrlPart::query, {{"code", "c"}}), "https://tpp.example/cb?code=c");
  EXPECT_EQ(append_params("https://tpp.example/cb?app=1&", UrlPart::query, {{"code", "c"}}),
            "https://tpp.example/cb?app=1&code=c");
}

TEST(AppendParams, AFragmentOfTheUrlIsDroppedFromAQueryResponse) {
  EXPECT_EQ(append_params("https://tpp.example/cb?app=1#frag", UrlPart::query, {{"code", "c"}}),
            "https://tpp.example/cb?app=1&code=c");
}

TEST(AppendParams, AFragmentResponseKeepsTheQueryAndPutsTheParametersAfterTheHash) {
  EXPECT_EQ(append_params("https://tpp.example/cb?app=1", UrlPart::fragment, {{"code", "c"}, {"id_token", "a.b.c"}}),
            "https://tpp.example/cb?app=1#code=c&id_token=a.b.c");
}

TEST(AppendParams, ReservedSpaceAndNonAsciiCharactersArePercentEncoded) {
  EXPECT_EQ(append_params("https://tpp.example/cb", UrlPart::query,
                          {{"state", "a b&c=d+e#f%g/h?"}, {"error_description", "é"}, {"x", "-._~"}}),
            "https://tpp.example/cb?state=a%20b%26c%3Dd%2Be%23f%25g%2Fh%3F&error_description=%C3%A9&x=-._~");
  EXPECT_EQ(append_params("https://tpp.example/cb", UrlPart::fragment, {{"a&b", "="}}), "https://tpp.example/cb#a%26b=%3D");
}

TEST(AppendParams, AnEmptyValueIsKeptAsNameEquals) {
  EXPECT_EQ(append_params("https://tpp.example/cb", UrlPart::query, {{"state", ""}, {"code", "c"}}),
            "https://tpp.example/cb?state=&code=c");
}

}  // namespace

}  // namespace fapid::http
