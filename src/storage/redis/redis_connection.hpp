#pragma once
// One synchronous hiredis connection, used by one worker thread at a time through the ConnectionPool.
// hiredis 0.14 has no async connect timeout and no Asio adapter (SPEC.md, Stack hazards), so every
// call blocks for at most the socket timeouts set here.
#include <initializer_list>
#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "storage/redis/redis_options.hpp"

struct redisContext;
struct redisReply;

namespace fapid::storage {

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const;
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

class RedisConnection {
 public:
  // Connects within connect_timeout, sets command_timeout on the socket, then AUTH, SELECT and PING.
  // Any failure is store_unavailable (the pool backs off); the detail never holds the password.
  static Result<std::unique_ptr<RedisConnection>> open(const RedisOptions& options);

  // Runs one command; arguments are binary-safe. A broken connection (I/O error, timeout, closed by
  // the server) is store_unavailable and sets broken(). An error reply is store_unavailable when Redis
  // is busy or failing over (LOADING, BUSY, MASTERDOWN, READONLY...), store_fault otherwise. `op`
  // names the operation in the detail; argument values never appear there.
  Result<RedisReply> run(std::string_view op, std::initializer_list<std::string_view> args);

  // The connection must not be reused: the caller discards its lease.
  bool broken() const { return broken_; }

  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

 private:
  explicit RedisConnection(redisContext* context) : context_(context) {}

  redisContext* context_;  // owned: redisFree in the destructor
  bool broken_ = false;
};

}  // namespace fapid::storage
