#include "users/phc_base64.hpp"

#include <gtest/gtest.h>

namespace fapid::users {
namespace {

TEST(PhcBase64, EncodesWithTheStandardAlphabetAndNoPadding) {
  EXPECT_EQ(base64_encode_unpadded(""), "");
  EXPECT_EQ(base64_encode_unpadded("f"), "Zg");
  EXPECT_EQ(base64_encode_unpadded("fo"), "Zm8");
  EXPECT_EQ(base64_encode_unpadded("foo"), "Zm9v");
  EXPECT_EQ(base64_encode_unpadded("\xfb\xff"), "+/8");
}

TEST(PhcBase64, DecodesUnpaddedTextOfEveryLength) {
  EXPECT_EQ(base64_decode("", Padding::none), "");
  EXPECT_EQ(base64_decode("Zg", Padding::none), "f");
  EXPECT_EQ(base64_decode("Zm8", Padding::none), "fo");
  EXPECT_EQ(base64_decode("Zm9v", Padding::none), "foo");
  EXPECT_EQ(base64_decode("+/8", Padding::none), "\xfb\xff");
}

TEST(PhcBase64, PaddingIsRequiredOrRefusedAsAsked) {
  EXPECT_EQ(base64_decode("Zg==", Padding::required), "f");
  EXPECT_EQ(base64_decode("Zm8=", Padding::required), "fo");
  EXPECT_EQ(base64_decode("Zm9v", Padding::required), "foo");
  EXPECT_FALSE(base64_decode("Zg", Padding::required));
  EXPECT_FALSE(base64_decode("Zg==", Padding::none));
  EXPECT_FALSE(base64_decode("Z===", Padding::required));
}

TEST(PhcBase64, RefusesCharactersOutsideTheAlphabetAndImpossibleLengths) {
  EXPECT_FALSE(base64_decode("Zm9vZ", Padding::none));  // length 1 (mod 4)
  EXPECT_FALSE(base64_decode(" Zm9v", Padding::none));  // EVP_DecodeBlock would skip it
  EXPECT_FALSE(base64_decode("Zm9v\n", Padding::none));
  EXPECT_FALSE(base64_decode("Zm_v", Padding::none));  // base64url is another alphabet
  EXPECT_FALSE(base64_decode("Zm.v", Padding::none));
  EXPECT_FALSE(base64_decode(std::string("Zm\0v", 4), Padding::none));
}

TEST(PhcBase64, Ab64UsesADotForPlusAndRefusesPlus) {
  EXPECT_EQ(ab64_decode("./8"), "\xfb\xff");
  EXPECT_FALSE(ab64_decode("+/8"));
  EXPECT_FALSE(ab64_decode("Zg=="));
}

}  // namespace
}  // namespace fapid::users
