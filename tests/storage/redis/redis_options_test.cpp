// parse_redis_url: redis://[[user]:password@]host[:port][/db] and nothing else.
#include <gtest/gtest.h>

#include "storage/redis/redis_options.hpp"

namespace fapid::storage {
namespace {

RedisOptions parsed(std::string_view url) {
  auto r = parse_redis_url(url);
  EXPECT_TRUE(r.has_value()) << url << ": " << (r ? "" : r.error().detail);
  return r ? *r : RedisOptions{};
}

// The URL is refused as a server_error whose detail never quotes `secret`.
void expect_refused(std::string_view url, std::string_view secret = "") {
  auto r = parse_redis_url(url);
  ASSERT_FALSE(r.has_value()) << url;
  EXPECT_EQ(r.error().code, ErrorCode::server_error) << url;
  EXPECT_NE(r.error().detail.find("redis URL"), std::string::npos) << r.error().detail;
  if (!secret.empty()) {
    EXPECT_EQ(r.error().detail.find(secret), std::string::npos) << url << ": " << r.error().detail;
    EXPECT_EQ(r.error().description.find(secret), std::string::npos) << url;
  }
}

TEST(ParseRedisUrl, HostAloneKeepsTheDefaults) {
  const auto o = parsed("redis://cache.internal");
  EXPECT_EQ(o.host, "cache.internal");
  EXPECT_EQ(o.port, 6379);
  EXPECT_EQ(o.db, 0u);
  EXPECT_EQ(o.password, std::nullopt);
  EXPECT_EQ(o.key_prefix, "fapid:");
}

TEST(ParseRedisUrl, ReadsHostPortAndDatabase) {
  const auto o = parsed("redis://127.0.0.1:56379/3");
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 56379);
  EXPECT_EQ(o.db, 3u);
  EXPECT_EQ(parsed("redis://h/").db, 0u);
  EXPECT_EQ(parsed("redis://h:1/15").db, 15u);
  EXPECT_EQ(parsed("REDIS://h").host, "h");  // RFC 3986 §3.1: schemes are case-insensitive
}

TEST(ParseRedisUrl, ReadsAnIpv6Host) {
  const auto o = parsed("redis://[::1]:7000");
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 7000);
}

TEST(ParseRedisUrl, ReadsThePasswordOfTheDefaultUserPercentDecoded) {
  EXPECT_EQ(parsed("redis://:s3cret@h").password, std::optional<std::string>("s3cret"));
  EXPECT_EQ(parsed("redis://default:s3cret@h:1/2").password, std::optional<std::string>("s3cret"));
  EXPECT_EQ(parsed("redis://:p%40ss%3Aw@h").password, std::optional<std::string>("p@ss:w"));
  EXPECT_EQ(parsed("redis://:@h").password, std::nullopt);
  EXPECT_EQ(parsed("redis://default@h").password, std::nullopt);
}

TEST(ParseRedisUrl, RejectsOtherSchemes) {
  expect_refused("rediss://h:6380");  // TLS: hiredis 0.14 has none
  expect_refused("http://h:6379");
  expect_refused("unix:///run/redis.sock");
  expect_refused("h:6379");
  expect_refused("");
}

TEST(ParseRedisUrl, RejectsBadPorts) {
  expect_refused("redis://h:0");
  expect_refused("redis://h:65536");
  expect_refused("redis://h:99999999999");
  expect_refused("redis://h:");
  expect_refused("redis://h:-1");
  expect_refused("redis://h:0x10");
}

TEST(ParseRedisUrl, RejectsDatabasesOutsideZeroToFifteen) {
  expect_refused("redis://h/16");
  expect_refused("redis://h/-1");
  expect_refused("redis://h/db");
  expect_refused("redis://h/1/2");
  expect_refused("redis://h/ 1");
  expect_refused("redis://h/+1");
}

TEST(ParseRedisUrl, RejectsAMissingHostAQueryAndAFragment) {
  expect_refused("redis:///0");
  expect_refused("redis://");
  expect_refused("redis://h/0?timeout=5");
  expect_refused("redis://h/0#x");
}

TEST(ParseRedisUrl, RejectsUsersOtherThanDefaultWithoutEchoingThePassword) {
  expect_refused("redis://alice:Hunter2-secret@h", "Hunter2-secret");
  expect_refused("redis://alice@h");
}

TEST(ParseRedisUrl, ErrorsNeverEchoThePassword) {
  expect_refused("redis://:Hunter2-secret@h:70000", "Hunter2-secret");
  expect_refused("redis://:Hunter2-secret@h/99", "Hunter2-secret");
  expect_refused("rediss://:Hunter2-secret@h", "Hunter2-secret");
  expect_refused("redis://:Hunter2-secret@h/0?x=Hunter2-secret", "Hunter2-secret");
  expect_refused("redis://:Hunter2 secret@h", "Hunter2");  // not a URL at all
}

}  // namespace
}  // namespace fapid::storage
