// hiredis 0.14 behind RedisConnection: connect with timeouts, run binary-safe commands, map failures
// to store_unavailable (an outage: 503) or store_fault (a bug: 500).
#include "storage/redis/redis_connection.hpp"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "storage/redis/sigpipe_guard.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

namespace {

constexpr std::size_t kMaxArgs = 8;
constexpr std::size_t kMaxMessageBytes = 200;

timeval to_timeval(std::chrono::milliseconds ms) {
  const auto total = std::max<std::int64_t>(1, ms.count());
  return timeval{static_cast<time_t>(total / 1000), static_cast<suseconds_t>((total % 1000) * 1000)};
}

// Redis' own message, bounded and printable: it goes to the log.
std::string printable(std::string_view message) {
  std::string out(message.substr(0, kMaxMessageBytes));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

// Defence in depth: no message Redis or hiredis sends us should quote the password, but if one ever
// does, it must not reach the log.
std::string without(std::string text, const std::optional<std::string>& secret) {
  if (!secret || secret->empty()) return text;
  constexpr std::string_view kMask = "***";
  for (auto at = text.find(*secret); at != std::string::npos; at = text.find(*secret, at + kMask.size()))
    text.replace(at, secret->size(), kMask);
  return text;
}

// hiredis reports a socket timeout as the EAGAIN of the blocking read: say what it means.
std::string describe(const redisContext& context) {
  if (context.err == REDIS_ERR_IO && std::strcmp(context.errstr, std::strerror(EAGAIN)) == 0)
    return "no reply within the command timeout";
  return printable(context.errstr);
}

// Error replies that mean "Redis cannot serve now, retry": loading its data set, running a slow
// script, a replica without its master, a replica after a failover, out of memory until keys expire.
// The rest (WRONGTYPE, ERR syntax...) are bugs. Returns whether the first word is transient, and
// whether the connection itself should go (it points at a node that is no longer the master).
struct ErrorClass {
  bool transient;
  bool reconnect;
};

ErrorClass classify(std::string_view message) {
  const auto word = message.substr(0, message.find(' '));
  if (word == "READONLY" || word == "MASTERDOWN") return {true, true};
  if (word == "LOADING" || word == "BUSY" || word == "OOM" || word == "TRYAGAIN" || word == "CLUSTERDOWN")
    return {true, false};
  return {false, false};
}

}  // namespace

void RedisReplyDeleter::operator()(redisReply* reply) const { freeReplyObject(reply); }

RedisConnection::~RedisConnection() { redisFree(context_); }

Result<std::unique_ptr<RedisConnection>> RedisConnection::open(const RedisOptions& options) {
  const std::string where = "redis " + options.host + ":" + std::to_string(options.port);
  redisContext* raw = redisConnectWithTimeout(options.host.c_str(), options.port, to_timeval(options.connect_timeout));
  if (raw == nullptr) return store_unavailable(where + ": cannot allocate a connection");
  std::unique_ptr<RedisConnection> conn(new RedisConnection(raw));
  if (raw->err != 0) return store_unavailable(where + ": connect: " + printable(raw->errstr));
  if (redisSetTimeout(raw, to_timeval(options.command_timeout)) != REDIS_OK)
    return store_unavailable(where + ": cannot set the command timeout: " + printable(raw->errstr));
  redisEnableKeepAlive(raw);  // notices a peer that vanished while the connection sat idle in the pool

  const auto step = [&](std::string_view op, std::initializer_list<std::string_view> args) -> Result<void> {
    auto reply = conn->run(op, args);
    if (!reply) return store_unavailable(where + ": " + without(reply.error().detail, options.password));
    return {};
  };
  if (options.password) {
    if (auto ok = step("AUTH", {"AUTH", *options.password}); !ok) return ok.error();
  }
  if (options.db != 0) {
    if (auto ok = step("SELECT", {"SELECT", std::to_string(options.db)}); !ok) return ok.error();
  }
  if (auto ok = step("PING", {"PING"}); !ok) return ok.error();
  return conn;
}

Result<RedisReply> RedisConnection::run(std::string_view op, std::initializer_list<std::string_view> args) {
  if (broken_) return store_unavailable("redis " + std::string(op) + ": connection already broken");
  if (args.size() == 0 || args.size() > kMaxArgs) return store_fault("redis " + std::string(op) + ": bad argument count");
  std::array<const char*, kMaxArgs> argv{};
  std::array<std::size_t, kMaxArgs> lengths{};
  std::size_t n = 0;
  for (const auto arg : args) {
    argv[n] = arg.empty() ? "" : arg.data();
    lengths[n] = arg.size();
    ++n;
  }

  RedisReply reply;
  {
    SigpipeGuard guard;
    reply.reset(static_cast<redisReply*>(redisCommandArgv(context_, static_cast<int>(n), argv.data(), lengths.data())));
  }
  if (!reply || context_->err != 0) {
    broken_ = true;
    return store_unavailable("redis " + std::string(op) + ": " + (context_->err != 0 ? describe(*context_) : "no reply"));
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    const std::string_view message(reply->str, reply->len);
    const auto cls = classify(message);
    broken_ = cls.reconnect;
    const std::string detail = "redis " + std::string(op) + ": " + printable(message);
    return cls.transient ? store_unavailable(detail) : store_fault(detail);
  }
  return reply;
}

}  // namespace fapid::storage
