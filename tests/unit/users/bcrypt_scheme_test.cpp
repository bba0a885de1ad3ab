// bcrypt encodings: Solar Designer's crypt_blowfish test vectors (as shipped by OpenBSD-derived
// implementations and libxcrypt), a $2y$ hash made by Apache's htpasswd (apr-util's own bcrypt), the
// cost bounds, and the passwords bcrypt would silently shorten.
#include "users/bcrypt_scheme.hpp"

#include <gtest/gtest.h>

#include "hasher_test_support.hpp"

namespace fapid::users::test {
namespace {

// htpasswd -bnBC 4 u 'correct horse'
constexpr const char* kHtpasswd2y = "$2y$04$..qr72oaGcIbFus.GK58FePKH5.Cryc2FZt.5D1iWT0OWJo0uVqm.";

struct Vector {
  const char* password;
  const char* encoded;
};
// crypt_blowfish 1.3 wrapper.c tests.
constexpr Vector kCryptBlowfish[] = {
    {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
    {"U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"},
    {"U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"},
    {"", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"},
    {"U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
};
// The same suite's 72-byte-truncation vector: only the first 72 bytes count.
constexpr const char* kOver72 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored";
constexpr const char* kOver72Encoded = "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui";

PasswordHasher bcrypt_hasher(unsigned cost) {
  auto policy = fast_policy(HashAlgorithm::bcrypt);
  policy.bcrypt_cost = cost;
  return PasswordHasher(policy);
}

TEST(BcryptScheme, VerifiesTheCryptBlowfishTestVectors) {
  const auto hasher = bcrypt_hasher(5);
  for (const auto& v : kCryptBlowfish) {
    EXPECT_TRUE(is_verdict(hasher.verify(v.password, v.encoded), Verdict::match)) << v.encoded;
    EXPECT_TRUE(is_verdict(hasher.verify(std::string(v.password) + "x", v.encoded), Verdict::mismatch)) << v.encoded;
  }
}

TEST(BcryptScheme, Verifies2yHashesMadeByHtpasswd) {
  const auto hasher = bcrypt_hasher(4);
  EXPECT_TRUE(is_verdict(hasher.verify("correct horse", kHtpasswd2y), Verdict::match));
  EXPECT_TRUE(is_verdict(hasher.verify("correct house", kHtpasswd2y), Verdict::mismatch));
}

TEST(BcryptScheme, ACostBelowThePolicysNeedsARehashAndAnEqualOneDoesNot) {
  EXPECT_TRUE(is_verdict(bcrypt_hasher(4).verify("correct horse", kHtpasswd2y), Verdict::match));
  EXPECT_TRUE(is_verdict(bcrypt_hasher(5).verify("correct horse", kHtpasswd2y), Verdict::match_needs_rehash));
  EXPECT_TRUE(is_verdict(bcrypt_hasher(4).verify("U*U", kCryptBlowfish[0].encoded), Verdict::match));
}

TEST(BcryptScheme, CostsOutsideFourToFifteenAreRefusedBeforeVerifying) {
  const auto hasher = bcrypt_hasher(4);
  for (const char* encoded : {"$2b$16$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
                              "$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
                              "$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
                              "$2b$00$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"})
    EXPECT_TRUE(is_error(hasher.verify("U*U", encoded), ErrorCode::server_error)) << encoded;
}

TEST(BcryptScheme, PasswordsLongerThan72BytesAreRefusedNotTruncated) {
  const auto hasher = bcrypt_hasher(4);
  EXPECT_TRUE(is_error(hasher.hash(kOver72), ErrorCode::invalid_request));
  // The vector matches when truncated; we refuse rather than accept a prefix.
  EXPECT_TRUE(is_error(hasher.verify(kOver72, kOver72Encoded), ErrorCode::invalid_request));
  const std::string first72 = std::string(kOver72).substr(0, 72);
  EXPECT_TRUE(is_verdict(bcrypt_hasher(5).verify(first72, kOver72Encoded), Verdict::match));
  const auto hash = hasher.hash(first72);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(is_verdict(hasher.verify(first72, *hash), Verdict::match));
}

TEST(BcryptScheme, PasswordsWithANulByteAreRefusedNotTruncated) {
  const auto hasher = bcrypt_hasher(4);
  const std::string with_nul("correct horse\0suffix", 20);
  EXPECT_TRUE(is_error(hasher.hash(with_nul), ErrorCode::invalid_request));
  EXPECT_TRUE(is_error(hasher.verify(with_nul, kHtpasswd2y), ErrorCode::invalid_request));
}

TEST(BcryptScheme, MalformedEncodingsAreErrors) {
  const auto hasher = bcrypt_hasher(4);
  for (const char* encoded : {
           "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW=",  // 61 characters
           "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe",    // 59
           "$2b$5$CCCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
           "$2b$05$CCCCCCCCCCCCCCCCCCCCC+E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
           "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe$",
           "$2b$x5$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
       })
    EXPECT_TRUE(is_error(hasher.verify("U*U", encoded), ErrorCode::server_error)) << encoded;
}

}  // namespace
}  // namespace fapid::users::test
