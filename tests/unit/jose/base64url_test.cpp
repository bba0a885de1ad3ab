#include "jose/base64url.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace fapid::jose {
namespace {

TEST(Base64url, EncodesRfc4648VectorsWithoutPadding) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");  // the URL-safe alphabet (RFC 4648 §5)
}

TEST(Base64url, DecodesWhatItEncodes) {
  for (const std::string& s : std::initializer_list<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)}) {
    auto decoded = base64url_decode(base64url_encode(s));
    ASSERT_TRUE(decoded.has_value()) << s;
    EXPECT_EQ(*decoded, s);
  }
}

// SPEC.md Stack hazards: cjose 0.6.2.1 aborts on these; they must be refused before cjose sees them.
TEST(Base64url, RejectsTheInputsThatAbortCjose) {
  EXPECT_FALSE(base64url_decode("A=BC"));
  EXPECT_FALSE(base64url_decode("A==="));
  EXPECT_FALSE(base64url_decode("Zg=="));  // padding is not base64url in JOSE (RFC 7515 §2)
}

TEST(Base64url, RejectsCharactersOutsideTheUrlAlphabet) {
  for (const std::string& s : std::initializer_list<std::string>{"Zm9+", "Zm9/", "Zm 9v", "Zm9v\n", "Zm9\x80", std::string("Zm\0v", 4), "Zm9v."}) {
    EXPECT_FALSE(base64url_decode(s)) << s;
  }
}

TEST(Base64url, RejectsImpossibleLengths) {
  EXPECT_FALSE(base64url_decode("A"));
  EXPECT_FALSE(base64url_decode("Zm9vY"));
}

TEST(Base64url, RejectsNonCanonicalTrailingBits) {
  EXPECT_TRUE(base64url_decode("Zg"));
  EXPECT_FALSE(base64url_decode("Zh"));  // same byte as "Zg" with a non-zero unused bit
  EXPECT_FALSE(base64url_decode("Zm9"));
}

}  // namespace
}  // namespace fapid::jose
