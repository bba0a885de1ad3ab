#pragma once
// Where the Redis TTL store lives and how long it may take to answer.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/connection_pool.hpp"

namespace fapid::storage {

struct RedisOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  unsigned db = 0;
  std::optional<std::string> password;  // never logged, never part of an error
  std::string key_prefix = "fapid:";    // keys are <key_prefix><kind>:<key>
  PoolOptions pool;
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};
};

inline constexpr unsigned kMaxRedisDb = 15;  // Redis' default `databases 16`

// redis://[[user]:password@]host[:port][/db]. The user may only be empty or "default" (AUTH with the
// password alone); no query, no fragment. Other fields keep their defaults. Errors name the part at
// fault and never echo the URL, which may hold the password.
Result<RedisOptions> parse_redis_url(std::string_view url);

}  // namespace fapid::storage
