// PKCE with S256 only (SPEC P8, TK4; RFC 7636).
#include "oauth/pkce.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fapid::oauth {
namespace {

// RFC 7636 Appendix B.
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(Pkce, TK4_TheRfc7636AppendixBVerifierMatchesItsChallenge) {
  EXPECT_TRUE(verify_s256(kVerifier, kChallenge));
  EXPECT_EQ(s256_challenge(kVerifier), kChallenge);
}

TEST(Pkce, TK4_AWrongVerifierDoesNotMatch) {
  std::string other = kVerifier;
  other.back() = 'j';
  EXPECT_FALSE(verify_s256(other, kChallenge));
  EXPECT_FALSE(verify_s256(kChallenge, kChallenge));
  EXPECT_FALSE(verify_s256("", kChallenge));
}

TEST(Pkce, P8_ThePlainMethodNeverMatchesAChallengeEqualToTheVerifier) {
  const std::string verifier(43, 'a');
  EXPECT_FALSE(verify_s256(verifier, verifier));
}

TEST(Pkce, TK4_AChallengeThatIsNotExactlyTheEncodedDigestDoesNotMatch) {
  EXPECT_FALSE(verify_s256(kVerifier, std::string(kChallenge) + "="));
  EXPECT_FALSE(verify_s256(kVerifier, std::string(kChallenge).substr(0, 42)));
  EXPECT_FALSE(verify_s256(kVerifier, ""));
}

TEST(Pkce, AVerifierIs43To128UnreservedCharacters) {
  EXPECT_TRUE(is_valid_verifier(std::string(43, 'A')));
  EXPECT_TRUE(is_valid_verifier(std::string(128, '~')));
  EXPECT_TRUE(is_valid_verifier("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"));
  EXPECT_FALSE(is_valid_verifier(std::string(42, 'A')));
  EXPECT_FALSE(is_valid_verifier(std::string(129, 'A')));
  EXPECT_FALSE(is_valid_verifier(std::string(42, 'A') + "+"));
  EXPECT_FALSE(is_valid_verifier(std::string(42, 'A') + "/"));
  EXPECT_FALSE(is_valid_verifier(std::string(42, 'A') + "="));
  EXPECT_FALSE(is_valid_verifier(std::string(42, 'A') + " "));
  EXPECT_FALSE(is_valid_verifier(std::string(42, 'A') + "\xc3"));
  // A well-formed verifier is still required when the challenge happens to match a malformed one.
  EXPECT_FALSE(verify_s256(std::string(42, 'A'), kChallenge));
}

TEST(Pkce, P8_AnS256ChallengeIs43Base64urlCharacters) {
  EXPECT_TRUE(is_valid_s256_challenge(kChallenge));
  EXPECT_FALSE(is_valid_s256_challenge(std::string(kChallenge).substr(0, 42)));
  EXPECT_FALSE(is_valid_s256_challenge(std::string(kChallenge) + "A"));
  EXPECT_FALSE(is_valid_s256_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"));  // base64, not base64url
  EXPECT_FALSE(is_valid_s256_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c="));
  EXPECT_FALSE(is_valid_s256_challenge(""));
}

}  // namespace
}  // namespace fapid::oauth
