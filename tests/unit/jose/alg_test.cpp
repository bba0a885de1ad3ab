#include "jose/alg.hpp"

#include <gtest/gtest.h>

namespace fapid::jose {
namespace {

TEST(Alg, ParsesOnlyTheExactNamesOfTheAllowedAlgorithms) {
  EXPECT_EQ(alg_from("PS256"), Alg::PS256);
  EXPECT_EQ(alg_from("ES256"), Alg::ES256);
  EXPECT_EQ(to_string(Alg::PS256), "PS256");
  EXPECT_EQ(to_string(Alg::ES256), "ES256");
  EXPECT_EQ(alg_from("RS256"), Alg::RS256);  // for an external IdP's ID tokens only (alg.hpp)
  EXPECT_EQ(to_string(Alg::RS256), "RS256");
}

// ATTACKS.md A01–A04, RFC 7515 §4.1.1 (alg is case-sensitive).
TEST(Alg, NoneHmacAndOtherCasingsHaveNoValue) {
  for (const char* name : {"none", "None", "NONE", "HS256", "HS512", "rs256", "RS384", "ES384", "ps256", "PS256 ", "", "EdDSA"}) {
    EXPECT_FALSE(alg_from(name).has_value()) << name;
  }
}

}  // namespace
}  // namespace fapid::jose
