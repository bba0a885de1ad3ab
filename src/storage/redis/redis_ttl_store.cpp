#include "storage/redis/redis_ttl_store.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>

#include "storage/limits.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

namespace {

// INCR and, on the first increment, PEXPIRE in one atomic step: a crash between the two must not leave
// a counter without a window (a client locked out for good). The PTTL check repairs such a counter
// should one ever exist (written by hand, or by an older version).
constexpr std::string_view kIncrementScript =
    "local n = redis.call('INCR', KEYS[1])\n"
    "if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end\n"
    "return n\n";

// Redis wants a positive whole number of milliseconds; a TTL that has already run out is the
// shortest one Redis has.
std::string ttl_ms(std::chrono::milliseconds ttl) { return std::to_string(std::max<std::int64_t>(1, ttl.count())); }

OAuthError unexpected(std::string_view op, const redisReply& reply) {
  return store_fault("redis " + std::string(op) + ": unexpected reply of type " + std::to_string(reply.type));
}

// A bulk string or nil, bounded like what we store (a corrupt or foreign value must not flow on).
Result<std::optional<std::string>> string_or_nil(std::string_view op, const redisReply& reply) {
  if (reply.type == REDIS_REPLY_NIL) return std::optional<std::string>();
  if (reply.type != REDIS_REPLY_STRING) return unexpected(op, reply);
  if (reply.len > kMaxValueBytes)
    return store_fault("redis " + std::string(op) + ": value of " + std::to_string(reply.len) + " bytes exceeds the bound");
  return std::optional<std::string>(std::in_place, reply.str, reply.len);
}

bool is_ok(const redisReply& reply) {
  return reply.type == REDIS_REPLY_STATUS && std::string_view(reply.str, reply.len) == "OK";
}

}  // namespace

RedisTtlStore::RedisTtlStore(RedisOptions options)
    : options_(std::move(options)),
      pool_("redis " + options_.host + ":" + std::to_string(options_.port), options_.pool,
            [this] { return RedisConnection::open(options_); }) {}

std::string RedisTtlStore::redis_key(TtlKind kind, std::string_view key) const {
  const auto kind_name = to_string(kind);
  std::string out;
  out.reserve(options_.key_prefix.size() + kind_name.size() + 1 + key.size());
  out.append(options_.key_prefix).append(kind_name).append(":").append(key);
  return out;
}

Result<RedisReply> RedisTtlStore::run(std::string_view op, std::initializer_list<std::string_view> args) {
  auto lease = pool_.acquire();
  if (!lease) return lease.error();
  auto reply = (*lease)->run(op, args);
  if ((*lease)->broken()) lease->discard();
  return reply;
}

Result<bool> RedisTtlStore::put_if_absent(TtlKind kind, std::string_view key, std::string_view value,
                                          std::chrono::milliseconds ttl) {
  if (auto ok = check_ttl_entry(key, value); !ok) return ok.error();
  auto reply = run("SET NX", {"SET", redis_key(kind, key), value, "NX", "PX", ttl_ms(ttl)});
  if (!reply) return reply.error();
  if ((*reply)->type == REDIS_REPLY_NIL) return false;
  if (!is_ok(**reply)) return unexpected("SET NX", **reply);
  return true;
}

Result<void> RedisTtlStore::put(TtlKind kind, std::string_view key, std::string_view value,
                                std::chrono::milliseconds ttl) {
  if (auto ok = check_ttl_entry(key, value); !ok) return ok.error();
  auto reply = run("SET", {"SET", redis_key(kind, key), value, "PX", ttl_ms(ttl)});
  if (!reply) return reply.error();
  if (!is_ok(**reply)) return unexpected("SET", **reply);
  return {};
}

Result<std::optional<std::string>> RedisTtlStore::get(TtlKind kind, std::string_view key) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  auto reply = run("GET", {"GET", redis_key(kind, key)});
  if (!reply) return reply.error();
  return string_or_nil("GET", **reply);
}

// GETDEL (Redis >= 6.2) reads and deletes in one command: of racing callers only one gets the value.
Result<std::optional<std::string>> RedisTtlStore::consume(TtlKind kind, std::string_view key) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  auto reply = run("GETDEL", {"GETDEL", redis_key(kind, key)});
  if (!reply) return reply.error();
  return string_or_nil("GETDEL", **reply);
}

Result<void> RedisTtlStore::erase(TtlKind kind, std::string_view key) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  auto reply = run("DEL", {"DEL", redis_key(kind, key)});
  if (!reply) return reply.error();
  if ((*reply)->type != REDIS_REPLY_INTEGER) return unexpected("DEL", **reply);
  return {};
}

Result<std::uint64_t> RedisTtlStore::increment(TtlKind kind, std::string_view key, std::chrono::milliseconds window) {
  if (auto ok = check_ttl_entry(key, {}); !ok) return ok.error();
  auto reply = run("EVAL increment", {"EVAL", kIncrementScript, "1", redis_key(kind, key), ttl_ms(window)});
  if (!reply) return reply.error();
  if ((*reply)->type != REDIS_REPLY_INTEGER || (*reply)->integer < 1) return unexpected("EVAL increment", **reply);
  return static_cast<std::uint64_t>((*reply)->integer);
}

Result<void> RedisTtlStore::ping() {
  auto reply = run("PING", {"PING"});
  if (!reply) return reply.error();
  if ((*reply)->type != REDIS_REPLY_STATUS) return unexpected("PING", **reply);
  return {};
}

}  // namespace fapid::storage
