#pragma once
// The TTL store on Redis (DESIGN.md, Storage: production, several instances). Every operation is one
// atomic Redis command, so instances racing on the same key get the port's guarantees from Redis:
// consume is GETDEL, put_if_absent is SET NX, increment is one Lua script. Expiry is Redis' own.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/connection_pool.hpp"
#include "storage/health.hpp"
#include "storage/redis/redis_connection.hpp"
#include "storage/redis/redis_options.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::storage {

class RedisTtlStore final : public TtlStore, public Pingable {
 public:
  // Connects lazily, on the first operation; ping() at start-up tells whether Redis answers.
  explicit RedisTtlStore(RedisOptions options);

  Result<bool> put_if_absent(TtlKind kind, std::string_view key, std::string_view value,
                             std::chrono::milliseconds ttl) override;
  Result<void> put(TtlKind kind, std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  Result<std::optional<std::string>> get(TtlKind kind, std::string_view key) override;
  Result<std::optional<std::string>> consume(TtlKind kind, std::string_view key) override;
  Result<void> erase(TtlKind kind, std::string_view key) override;
  Result<std::uint64_t> increment(TtlKind kind, std::string_view key, std::chrono::milliseconds window) override;

  std::string_view name() const override { return "redis"; }
  Result<void> ping() override;

 private:
  // `<key_prefix><kind>:<key>`: each kind its own key space, each deployment (or test) its own prefix.
  std::string redis_key(TtlKind kind, std::string_view key) const;
  // Runs one command on a pooled connection, discarding the connection if it broke.
  Result<RedisReply> run(std::string_view op, std::initializer_list<std::string_view> args);

  const RedisOptions options_;
  ConnectionPool<RedisConnection> pool_;
};

}  // namespace fapid::storage
