#include "storage/token_hash.hpp"

#include <gtest/gtest.h>

#include <set>

#include "storage/random.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::storage {
namespace {

TEST(TokenHash, IsTheLowercaseHexSha256OfTheValue) {
  // FIPS 180-2 test vector.
  EXPECT_EQ(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hash_token("").size(), 64u);
}

TEST(SystemRandom, TokensCarryAtLeast128BitsAndDoNotRepeat) {
  SystemRandom random;
  EXPECT_EQ(random.token().size(), 43u);   // 32 bytes, base64url without padding
  EXPECT_EQ(random.token(4).size(), 22u);  // raised to the 16-byte minimum
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(random.token(16)).second);
  for (const auto& t : seen) ASSERT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
}

TEST(TtlKind, EveryKindHasItsOwnStablePrefix) {
  std::set<std::string_view> names;
  for (auto kind : {TtlKind::par_request, TtlKind::authorization_code, TtlKind::interaction, TtlKind::federation_state,
                    TtlKind::staff_code, TtlKind::staff_session,
                    TtlKind::client_assertion_jti, TtlKind::request_object_jti, TtlKind::dpop_jti, TtlKind::rate_limit})
    EXPECT_TRUE(names.insert(to_string(kind)).second) << to_string(kind);
  EXPECT_EQ(to_string(TtlKind::authorization_code), "code");
}

}  // namespace
}  // namespace fapid::storage
