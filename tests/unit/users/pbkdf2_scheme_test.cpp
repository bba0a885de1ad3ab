// PBKDF2 encodings: ours (vectors computed with Python's hashlib.pbkdf2_hmac), passlib's (made by
// passlib 1.7.4) and Django's (made by Django 3.2's PBKDF2PasswordHasher), the iteration bounds, and
// the rehash decision.
#include "users/pbkdf2_scheme.hpp"

#include <gtest/gtest.h>

#include "hasher_test_support.hpp"

namespace fapid::users::test {
namespace {

// salt "fapid-salt-16byt", 1000 iterations, password "correct horse"
constexpr const char* kOursSha256 = "$pbkdf2-sha256$i=1000,l=32$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA";
constexpr const char* kOursSha512 =
    "$pbkdf2-sha512$i=1000,l=64$ZmFwaWQtc2FsdC0xNmJ5dA$/pyKOKVYjtoDNE0cs3sohGK0BrDc8HFmOq9PL+DtcnCArLctqOSLXSR/TJfnCsaPD1TN29LDfyYONq6na6Xw0Q";
// passlib.hash.pbkdf2_sha256.using(rounds=1000).hash('correct horse'), and pbkdf2_sha512
constexpr const char* kPasslibSha256 = "$pbkdf2-sha256$1000$8R5jrNX63xuDUIqxthbi/A$JtfXGpOTDot8kD5gZtt/eKZbP6cQg3vtZO2sfJkMM6M";
constexpr const char* kPasslibSha512 =
    "$pbkdf2-sha512$1000$hhCiNEYIQegdg1BqTUnJ.Q$NQy6bpBPseliibGoBlt4jn4FkSpEYyi0bMTpeYlltUMGy6VCWf2UGcFZoPmg1cWGuQrD9pWXjplyoXMWJ7r.yA";
// PBKDF2PasswordHasher().encode('correct horse', 'fapidDjangoSalt1', iterations=1000)
constexpr const char* kDjango = "pbkdf2_sha256$1000$fapidDjangoSalt1$MSeoyMNRi06OvGIyfxmgB94ztP1AyYIuaoDELE2kQdg=";

PasswordHasher pbkdf2_hasher(std::uint32_t iterations) {
  auto policy = fast_policy(HashAlgorithm::pbkdf2_sha256);
  policy.pbkdf2_iterations = iterations;
  return PasswordHasher(policy);
}

TEST(Pbkdf2Scheme, VerifiesOurEncoding) {
  EXPECT_TRUE(is_verdict(pbkdf2_hasher(1000).verify("correct horse", kOursSha256), Verdict::match));
  EXPECT_TRUE(is_verdict(pbkdf2_hasher(1000).verify("correct horse ", kOursSha256), Verdict::mismatch));
}

TEST(Pbkdf2Scheme, NewHashesHaveA16ByteSaltAndA32ByteHash) {
  const auto hash = pbkdf2_hasher(1000).hash("pw");
  ASSERT_TRUE(hash);
  // "$pbkdf2-sha256$i=1000,l=32$" + 22 characters (16 bytes) + "$" + 43 characters (32 bytes)
  EXPECT_EQ(hash->size(), 27u + 22u + 1u + 43u) << *hash;
  EXPECT_EQ(hash->find('=', 27), std::string::npos) << *hash;  // PHC strings are not padded
}

TEST(Pbkdf2Scheme, VerifiesPasslibHashes) {
  const auto hasher = pbkdf2_hasher(1000);
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse", kPasslibSha256), Verdict::match));
  EXPECT_TRUE(is_verdict(hasher.verify("correct horsf", kPasslibSha256), Verdict::mismatch));
  // SHA-512 is not an algorithm the policy can name: always rehashed.
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse", kPasslibSha512), Verdict::match_needs_rehash));
  EXPECT_TRUE(is_verdict(hasher.verify("correct horsf", kPasslibSha512), Verdict::mismatch));
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse", kOursSha512), Verdict::match_needs_rehash));
}

TEST(Pbkdf2Scheme, VerifiesDjangoHashes) {
  EXPECT_TRUE(is_verdict(pbkdf2_hasher(1000).verify("correct horse", kDjango), Verdict::match));
  EXPECT_TRUE(is_verdict(pbkdf2_hasher(1000).verify("correct horses", kDjango), Verdict::mismatch));
}

TEST(Pbkdf2Scheme, IterationsBelowThePolicysNeedARehashAndEqualOnesDoNot) {
  for (const char* encoded : {kOursSha256, kPasslibSha256, kDjango}) {
    EXPECT_TRUE(is_verdict(pbkdf2_hasher(1000).verify("correct horse", encoded), Verdict::match)) << encoded;
    EXPECT_TRUE(is_verdict(pbkdf2_hasher(1001).verify("correct horse", encoded), Verdict::match_needs_rehash)) << encoded;
  }
}

TEST(Pbkdf2Scheme, AShortSaltNeedsARehash) {
  // hashlib.pbkdf2_hmac('sha256', b'correct horse', b'salt', 1000): a 4-byte salt
  const char* short_salt = "$pbkdf2-sha256$i=1000,l=32$c2FsdA$boRToEKoQr22LeDTyHDsEkHpDsDOTyWJq16HknEiweU";
  EXPECT_TRUE(is_verdict(pbkdf2_hasher(1000).verify("correct horse", short_salt), Verdict::match_needs_rehash));
}

TEST(Pbkdf2Scheme, IterationsOutsideTheBoundsAreRefusedBeforeVerifying) {
  const auto hasher = pbkdf2_hasher(1000);
  for (const char* encoded : {"$pbkdf2-sha256$i=999,l=32$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA",
                              "$pbkdf2-sha256$i=10000001,l=32$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA",
                              "$pbkdf2-sha256$4294967295$8R5jrNX63xuDUIqxthbi/A$JtfXGpOTDot8kD5gZtt/eKZbP6cQg3vtZO2sfJkMM6M",
                              "pbkdf2_sha256$0$fapidDjangoSalt1$MSeoyMNRi06OvGIyfxmgB94ztP1AyYIuaoDELE2kQdg="})
    EXPECT_TRUE(is_error(hasher.verify("correct horse", encoded), ErrorCode::server_error)) << encoded;
}

TEST(Pbkdf2Scheme, MalformedEncodingsAreErrors) {
  const auto hasher = pbkdf2_hasher(1000);
  for (const char* encoded : {
           "$pbkdf2-sha256$i=1000$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA",       // no l=
           "$pbkdf2-sha256$i=1000,l=31$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA",  // l != 32
           "$pbkdf2-sha256$i=1000,l=32$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA=", // padded
           "$pbkdf2-sha256$i=1000,l=32$$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA",                        // no salt
           "$pbkdf2-sha256$i=1000,l=32$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpL",                             // 12-byte hash
           "$pbkdf2-sha256$i=1000,l=32$ZmFwaWQtc2FsdC0xNmJ5dA$TG3ww/YiXstk4CpLUuIMfVODBAqmpDOmISv9QY1WEgA$",
           "$pbkdf2-sha256$1000$8R5jrNX63xuDUIqxthbi+A$JtfXGpOTDot8kD5gZtt/eKZbP6cQg3vtZO2sfJkMM6M",  // '+' is not ab64
           "$pbkdf2-sha256$1e3$8R5jrNX63xuDUIqxthbi/A$JtfXGpOTDot8kD5gZtt/eKZbP6cQg3vtZO2sfJkMM6M",
           "pbkdf2_sha256$1000$fapidDjangoSalt1$MSeoyMNRi06OvGIyfxmgB94ztP1AyYIuaoDELE2kQdg",   // unpadded
           "pbkdf2_sha256$1000$$MSeoyMNRi06OvGIyfxmgB94ztP1AyYIuaoDELE2kQdg=",                  // empty salt
           "pbkdf2_sha256$1000$fapid Salt$MSeoyMNRi06OvGIyfxmgB94ztP1AyYIuaoDELE2kQdg=",        // space in salt
           "pbkdf2_sha256$1000$fapidDjangoSalt1",
       })
    EXPECT_TRUE(is_error(hasher.verify("correct horse", encoded), ErrorCode::server_error)) << encoded;
}

}  // namespace
}  // namespace fapid::users::test
