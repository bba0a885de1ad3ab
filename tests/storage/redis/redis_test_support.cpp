#include "redis_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

namespace fapid::storage::testing {

std::optional<RedisOptions> test_redis_options(const std::string& key_prefix) {
  const char* url = std::getenv("FAPID_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') {
    ADD_FAILURE() << "FAPID_TEST_REDIS_URL is unset: start the test services with `scripts/services.sh start` "
                     "and export what it prints (FAPID_TEST_REDIS_URL=redis://127.0.0.1:56379/0)";
    return std::nullopt;
  }
  auto options = parse_redis_url(url);
  if (!options) {
    ADD_FAILURE() << "FAPID_TEST_REDIS_URL: " << options.error().detail << " (see `scripts/services.sh env`)";
    return std::nullopt;
  }
  options->key_prefix = key_prefix;
  return std::move(*options);
}

std::string unique_prefix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "test:";
  std::uint64_t bits = rng();
  for (int i = 0; i < 16; ++i, bits >>= 4) out += kHex[bits & 0xf];
  return out + ":";
}

std::shared_ptr<TtlStore> RedisFactory::open_ttl(const std::string& backing) {
  auto options = test_redis_options(backing);
  if (!options) return nullptr;
  return std::make_shared<RedisTtlStore>(std::move(*options));
}

RawContext raw_connect(const RedisOptions& options) {
  RawContext c(redisConnectWithTimeout(options.host.c_str(), options.port, timeval{2, 0}));
  if (!c || c->err != 0) {
    ADD_FAILURE() << "raw connection to " << options.host << ":" << options.port << " failed"
                  << (c ? std::string(": ") + c->errstr : std::string());
    return nullptr;
  }
  if (options.password) raw_command(c.get(), "AUTH %b", *options.password);
  raw_command(c.get(), "SELECT %b", std::to_string(options.db));
  return c;
}

RawReply raw_command(redisContext* c, const char* format, const std::string& arg) {
  return RawReply(static_cast<redisReply*>(redisCommand(c, format, arg.data(), arg.size())));
}

}  // namespace fapid::storage::testing
