// What every algorithm shares: round trips, mismatches, the password and encoding bounds, unknown
// encodings, and the rehash decision when the policy's algorithm changes. Known-answer vectors of
// each encoding are in the *_scheme_test.cpp files.
#include "users/password_hasher.hpp"

#include <gtest/gtest.h>

#include "hasher_test_support.hpp"
#include "users/hash_limits.hpp"

namespace fapid::users::test {
namespace {

class EveryAlgorithm : public ::testing::TestWithParam<HashAlgorithm> {};

INSTANTIATE_TEST_SUITE_P(PasswordHasher, EveryAlgorithm,
                         ::testing::Values(HashAlgorithm::argon2id, HashAlgorithm::bcrypt, HashAlgorithm::pbkdf2_sha256),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case HashAlgorithm::argon2id: return std::string("argon2id");
                             case HashAlgorithm::bcrypt: return std::string("bcrypt");
                             case HashAlgorithm::pbkdf2_sha256: return std::string("pbkdf2_sha256");
                           }
                           return std::string("unknown");
                         });

TEST_P(EveryAlgorithm, AHashVerifiesItsPasswordWithoutAskingForARehash) {
  const auto hasher = fast_hasher(GetParam());
  const auto hash = hasher.hash("correct horse battery staple");
  ASSERT_TRUE(hash) << hash.error().detail;
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse battery staple", *hash), Verdict::match));
}

TEST_P(EveryAlgorithm, AnotherPasswordIsAMismatch) {
  const auto hasher = fast_hasher(GetParam());
  const auto hash = hasher.hash("correct horse battery staple");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse battery stapler", *hash), Verdict::mismatch));
  EXPECT_TRUE(is_verdict(hasher.verify("Correct horse battery staple", *hash), Verdict::mismatch));
  EXPECT_TRUE(is_verdict(hasher.verify("", *hash), Verdict::mismatch));
}

TEST_P(EveryAlgorithm, EachHashHasItsOwnSalt) {
  const auto hasher = fast_hasher(GetParam());
  const auto a = hasher.hash("same password");
  const auto b = hasher.hash("same password");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST_P(EveryAlgorithm, NonAsciiPasswordsRoundTrip) {
  const auto hasher = fast_hasher(GetParam());
  const auto hash = hasher.hash("sênha çorreta 🐴");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(is_verdict(hasher.verify("sênha çorreta 🐴", *hash), Verdict::match));
  EXPECT_TRUE(is_verdict(hasher.verify("senha correta 🐴", *hash), Verdict::mismatch));
}

TEST_P(EveryAlgorithm, APasswordLongerThanTheBoundIsRefusedByHashAndVerify) {
  const auto hasher = fast_hasher(GetParam());
  const auto hash = hasher.hash("short");
  ASSERT_TRUE(hash);
  const std::string too_long(kMaxPasswordBytes + 1, 'a');
  EXPECT_TRUE(is_error(hasher.hash(too_long), ErrorCode::invalid_request));
  EXPECT_TRUE(is_error(hasher.verify(too_long, *hash), ErrorCode::invalid_request));
}

TEST_P(EveryAlgorithm, AHashMadeWithAnotherAlgorithmMatchesButNeedsARehash) {
  for (const auto other : {HashAlgorithm::argon2id, HashAlgorithm::bcrypt, HashAlgorithm::pbkdf2_sha256}) {
    if (other == GetParam()) continue;
    const auto hash = fast_hasher(other).hash("correct horse");
    ASSERT_TRUE(hash);
    EXPECT_TRUE(is_verdict(fast_hasher(GetParam()).verify("correct horse", *hash), Verdict::match_needs_rehash)) << *hash;
    EXPECT_TRUE(is_verdict(fast_hasher(GetParam()).verify("wrong horse", *hash), Verdict::mismatch)) << *hash;
  }
}

TEST(PasswordHasher, NewHashesNameTheirAlgorithmAndParameters) {
  const auto argon2 = fast_hasher(HashAlgorithm::argon2id).hash("pw");
  const auto bcrypt = fast_hasher(HashAlgorithm::bcrypt).hash("pw");
  const auto pbkdf2 = fast_hasher(HashAlgorithm::pbkdf2_sha256).hash("pw");
  ASSERT_TRUE(argon2 && bcrypt && pbkdf2);
  EXPECT_EQ(argon2->rfind("$argon2id$v=19$m=64,t=1,p=1$", 0), 0u) << *argon2;
  EXPECT_EQ(bcrypt->rfind("$2b$04$", 0), 0u) << *bcrypt;
  EXPECT_EQ(pbkdf2->rfind("$pbkdf2-sha256$i=1000,l=32$", 0), 0u) << *pbkdf2;
}

TEST(PasswordHasher, ThePasswordBoundItselfIsAccepted) {
  const std::string longest(kMaxPasswordBytes, 'a');
  const auto hasher = fast_hasher(HashAlgorithm::argon2id);
  const auto hash = hasher.hash(longest);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(is_verdict(hasher.verify(longest, *hash), Verdict::match));
}

TEST(PasswordHasher, UnknownEncodingsAreErrorsNotMismatches) {
  const auto hasher = fast_hasher(HashAlgorithm::argon2id);
  for (const char* encoded : {"", "correct horse", "$argon2d$v=19$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c",
                              "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",  // md5-crypt
                              "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/",
                              "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
                              "{SSHA}dGhpcyBpcyBub3QgYSBoYXNo", "pbkdf2_sha1$1000$salt$aGFzaA==", "$pbkdf2$1000$c2FsdA$aGFzaA"}) {
    EXPECT_TRUE(is_error(hasher.verify("correct horse", encoded), ErrorCode::server_error)) << encoded;
  }
}

TEST(PasswordHasher, AnEncodingLongerThanTheBoundIsAnError) {
  const std::string huge = "$pbkdf2-sha256$i=1000,l=32$" + std::string(kMaxEncodedHashBytes, 'A') + "$AAAA";
  EXPECT_TRUE(is_error(fast_hasher(HashAlgorithm::pbkdf2_sha256).verify("pw", huge), ErrorCode::server_error));
}

TEST(PasswordHasher, ErrorsAboutAStoredHashDoNotRepeatIt) {
  const std::string encoded = "$argon2id$v=19$m=9999999,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c";
  const auto r = fast_hasher(HashAlgorithm::argon2id).verify("pw", encoded);
  ASSERT_TRUE(is_error(r, ErrorCode::server_error));
  EXPECT_EQ(r.error().description, "internal error");
  EXPECT_EQ(r.error().detail.find("cM8Jc4S903"), std::string::npos) << r.error().detail;
}

TEST(PasswordHasher, APolicyOutsideTheBoundsCannotHash) {
  auto bcrypt = fast_policy(HashAlgorithm::bcrypt);
  bcrypt.bcrypt_cost = kMaxBcryptCost + 1;
  EXPECT_TRUE(is_error(PasswordHasher(bcrypt).hash("pw"), ErrorCode::server_error));
  bcrypt.bcrypt_cost = kMinBcryptCost - 1;
  EXPECT_TRUE(is_error(PasswordHasher(bcrypt).hash("pw"), ErrorCode::server_error));
  auto argon2 = fast_policy(HashAlgorithm::argon2id);
  argon2.argon2_memory_kib = kMaxArgon2MemoryKib + 1;
  EXPECT_TRUE(is_error(PasswordHasher(argon2).hash("pw"), ErrorCode::server_error));
  argon2 = fast_policy(HashAlgorithm::argon2id);
  argon2.argon2_iterations = kMaxArgon2Iterations + 1;
  EXPECT_TRUE(is_error(PasswordHasher(argon2).hash("pw"), ErrorCode::server_error));
  argon2 = fast_policy(HashAlgorithm::argon2id);
  argon2.argon2_parallelism = 0;
  EXPECT_TRUE(is_error(PasswordHasher(argon2).hash("pw"), ErrorCode::server_error));
  auto pbkdf2 = fast_policy(HashAlgorithm::pbkdf2_sha256);
  pbkdf2.pbkdf2_iterations = kMinPbkdf2Iterations - 1;
  EXPECT_TRUE(is_error(PasswordHasher(pbkdf2).hash("pw"), ErrorCode::server_error));
}

}  // namespace
}  // namespace fapid::users::test
