// argon2 encodings: vectors made by the argon2 CLI (Debian's `argon2` 0~20171227) and by libargon2's
// own test suite (test.c), the rehash decision, and the bounds checked before any memory is allocated.
#include "users/argon2_scheme.hpp"

#include <gtest/gtest.h>

#include "hasher_test_support.hpp"

namespace fapid::users::test {
namespace {

// echo -n 'correct horse' | argon2 fapid-salt-16byt -id -t 1 -k 64 -p 1 -l 32 -e
constexpr const char* kCliArgon2id = "$argon2id$v=19$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c";
// ... -id -t 2 -k 19456 -p 1: OWASP's minimum, the default policy
constexpr const char* kCliArgon2idDefault = "$argon2id$v=19$m=19456,t=2,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$bGPQktZqZTqAUv711UQSjG4m9bYmVIL7YI3rk949/KM";
// ... -i -t 1 -k 64 -p 2
constexpr const char* kCliArgon2i = "$argon2i$v=19$m=64,t=1,p=2$ZmFwaWQtc2FsdC0xNmJ5dA$D/0UFZofgftJZDgQyQ+nmmAnWfpbu2/uFzZR9+u18P8";
// libargon2 test.c, password "password", salt "somesalt" (8 bytes), versions 0x13 and 0x10; the
// second without "v=", as libargon2 wrote version 0x10 strings.
constexpr const char* kRefV19 = "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8";
constexpr const char* kRefV16 = "$argon2i$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY";
constexpr const char* kRefV16Explicit = "$argon2i$v=16$m=256,t=2,p=1$c29tZXNhbHQ$/U3YPXYsSb3q9XxHvc0MLxur+GP960kN9j7emXX8zwY";

std::string with_costs(const std::string& costs) {
  return "$argon2id$v=19$" + costs + "$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c";
}

TEST(Argon2Scheme, VerifiesArgon2idMadeByTheArgon2Cli) {
  const auto hasher = fast_hasher(HashAlgorithm::argon2id);
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse", kCliArgon2id), Verdict::match));
  EXPECT_TRUE(is_verdict(hasher.verify("correct horsE", kCliArgon2id), Verdict::mismatch));
}

TEST(Argon2Scheme, AHashWithTheDefaultPolicysParametersNeedsNoRehash) {
  const PasswordHasher hasher{HashPolicy{}};
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse", kCliArgon2idDefault), Verdict::match));
}

TEST(Argon2Scheme, ImportedArgon2iMatchesButIsRehashedToArgon2id) {
  auto policy = fast_policy(HashAlgorithm::argon2id);
  policy.argon2_parallelism = 2;
  EXPECT_TRUE(is_verdict(PasswordHasher(policy).verify("correct horse", kCliArgon2i), Verdict::match_needs_rehash));
  EXPECT_TRUE(is_verdict(PasswordHasher(policy).verify("correct horse!", kCliArgon2i), Verdict::mismatch));
}

TEST(Argon2Scheme, VerifiesLibargon2sReferenceVectorsOfBothVersions) {
  const auto hasher = fast_hasher(HashAlgorithm::argon2id);
  for (const char* encoded : {kRefV19, kRefV16, kRefV16Explicit}) {
    // argon2i with an 8-byte salt: rehashed whatever the policy.
    EXPECT_TRUE(is_verdict(hasher.verify("password", encoded), Verdict::match_needs_rehash)) << encoded;
    EXPECT_TRUE(is_verdict(hasher.verify("passwore", encoded), Verdict::mismatch)) << encoded;
  }
}

TEST(Argon2Scheme, ParametersBelowThePolicysNeedARehash) {
  const auto weaker_than = [](auto change) {
    auto policy = fast_policy(HashAlgorithm::argon2id);
    change(policy);
    return PasswordHasher(policy).verify("correct horse", kCliArgon2id);
  };
  EXPECT_TRUE(is_verdict(weaker_than([](HashPolicy& p) { p.argon2_memory_kib = 128; }), Verdict::match_needs_rehash));
  EXPECT_TRUE(is_verdict(weaker_than([](HashPolicy& p) { p.argon2_iterations = 2; }), Verdict::match_needs_rehash));
  EXPECT_TRUE(is_verdict(weaker_than([](HashPolicy& p) { p.argon2_parallelism = 2; }), Verdict::match_needs_rehash));
  // Stronger than the policy is not a reason to rehash.
  EXPECT_TRUE(is_verdict(weaker_than([](HashPolicy& p) { p.argon2_memory_kib = 32; }), Verdict::match));
}

TEST(Argon2Scheme, ParametersAboveTheBoundsAreRefusedBeforeVerifying) {
  // Each would make libargon2 allocate gigabytes or run for minutes; none may reach it.
  const auto hasher = fast_hasher(HashAlgorithm::argon2id);
  for (const char* costs : {"m=1048577,t=1,p=1", "m=4294967295,t=1,p=1", "m=64,t=21,p=1", "m=64,t=4294967295,p=1",
                            "m=256,t=1,p=17"})
    EXPECT_TRUE(is_error(hasher.verify("correct horse", with_costs(costs)), ErrorCode::server_error)) << costs;
}

TEST(Argon2Scheme, TheEndsOfTheBoundsAreVerified) {
  // Cheap ones only: 1 GiB of memory is accepted too, but costs a second here.
  const auto hasher = fast_hasher(HashAlgorithm::argon2id);
  for (const char* costs : {"m=64,t=20,p=1", "m=128,t=1,p=16", "m=8,t=1,p=1"})
    EXPECT_TRUE(is_verdict(hasher.verify("correct horse", with_costs(costs)), Verdict::mismatch)) << costs;
}

TEST(Argon2Scheme, MalformedEncodingsAreErrors) {
  const auto hasher = fast_hasher(HashAlgorithm::argon2id);
  for (const std::string& encoded : {
           with_costs("m=0,t=1,p=1"), with_costs("m=64,t=0,p=1"), with_costs("m=64,t=1,p=0"),
           with_costs("m=15,t=1,p=2"),  // below 8 KiB per lane
           with_costs("t=1,m=64,p=1"), with_costs("m=64,t=1"), with_costs("m=64,t=1,p=1,k=1"), with_costs("m=+64,t=1,p=1"),
           with_costs("m=64,t=1,p=1x"), with_costs("m=,t=1,p=1"),
           std::string("$argon2id$v=20$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c"),
           std::string("$argon2id$v=19$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA"),
           std::string("$argon2id$v=19$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c$"),
           std::string("$argon2id$v=19$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD_W1c"),
           std::string("$argon2id$v=19$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA==$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c"),
           std::string("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c"),  // 4-byte salt
           std::string("$argon2id$v=19$m=64,t=1,p=1$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZA"),  // 14-byte hash
           std::string("$argon2id$$ZmFwaWQtc2FsdC0xNmJ5dA$cM8Jc4S903hYRNOHBZABdTZMqxTkXYwIcm5LBLD/W1c"),
       })
    EXPECT_TRUE(is_error(hasher.verify("correct horse", encoded), ErrorCode::server_error)) << encoded;
}

}  // namespace
}  // namespace fapid::users::test
