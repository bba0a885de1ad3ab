#pragma once
// Shared pieces of the Redis adapter's tests: the server from FAPID_TEST_REDIS_URL, the contract
// factory, and a raw hiredis connection to look behind the adapter.
#include <hiredis/hiredis.h>

#include <memory>
#include <optional>
#include <string>

#include "storage/redis/redis_options.hpp"
#include "storage/redis/redis_ttl_store.hpp"

namespace fapid::storage::testing {

// Options for the test server with a unique key prefix; a test failure naming scripts/services.sh
// when FAPID_TEST_REDIS_URL is unset or unparsable (these tests never skip).
std::optional<RedisOptions> test_redis_options(const std::string& key_prefix);

// "test:<random hex>:", so tests and test runs never see each other's keys.
std::string unique_prefix();

// The contract suites' factory (tests/unit/storage/contract/README.md).
struct RedisFactory {
  static std::string fresh_backing() { return unique_prefix(); }
  static std::shared_ptr<TtlStore> open_ttl(const std::string& backing);
};

struct RawContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct RawReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using RawContext = std::unique_ptr<redisContext, RawContextDeleter>;
using RawReply = std::unique_ptr<redisReply, RawReplyDeleter>;

// A plain hiredis connection to the test server (db selected), or nullptr after a test failure.
RawContext raw_connect(const RedisOptions& options);
RawReply raw_command(redisContext* c, const char* format, const std::string& arg);

}  // namespace fapid::storage::testing
