// What the contract cannot see: how RedisTtlStore lays out keys, authenticates and reports errors.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "redis_test_support.hpp"
#include "storage/limits.hpp"

extern char** environ;

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;

long long pttl(redisContext* raw, const std::string& key) {
  auto reply = raw_command(raw, "PTTL %b", key);
  return reply && reply->type == REDIS_REPLY_INTEGER ? reply->integer : -100;
}

TEST(RedisTtlStore, StoresEachEntryUnderPrefixKindAndKeyWithTheRequestedTtl) {
  const auto prefix = unique_prefix();
  auto options = test_redis_options(prefix);
  ASSERT_TRUE(options);
  RedisTtlStore store(*options);
  ASSERT_TRUE(store.put(TtlKind::authorization_code, "abc", "grant-1", 30s));
  ASSERT_TRUE(store.put_if_absent(TtlKind::dpop_jti, "j1", "seen", 5s));
  ASSERT_TRUE(store.increment(TtlKind::rate_limit, "client", 10s));

  auto raw = raw_connect(*options);
  ASSERT_TRUE(raw);
  auto value = raw_command(raw.get(), "GET %b", prefix + "code:abc");
  ASSERT_TRUE(value);
  ASSERT_EQ(value->type, REDIS_REPLY_STRING);
  EXPECT_EQ(std::string(value->str, value->len), "grant-1");
  const auto code_ttl = pttl(raw.get(), prefix + "code:abc");
  EXPECT_GT(code_ttl, 29'000);
  EXPECT_LE(code_ttl, 30'000);
  const auto jti_ttl = pttl(raw.get(), prefix + "dpop-jti:j1");
  EXPECT_GT(jti_ttl, 4'000);
  EXPECT_LE(jti_ttl, 5'000);
  const auto window = pttl(raw.get(), prefix + "rate:client");
  EXPECT_GT(window, 9'000);
  EXPECT_LE(window, 10'000);
  // Nothing under the bare key or another prefix.
  EXPECT_EQ(raw_command(raw.get(), "EXISTS %b", std::string("abc"))->integer, 0);
  EXPECT_EQ(raw_command(raw.get(), "EXISTS %b", "fapid:code:abc")->integer, 0);
}

TEST(RedisTtlStore, UsesTheDatabaseOfTheUrl) {
  const auto prefix = unique_prefix();
  auto options = test_redis_options(prefix);
  ASSERT_TRUE(options);
  options->db = options->db == 3 ? 4 : 3;
  RedisTtlStore store(*options);
  ASSERT_TRUE(store.put(TtlKind::interaction, "i", "v", 30s));
  auto raw = raw_connect(*options);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw_command(raw.get(), "EXISTS %b", prefix + "interaction:i")->integer, 1);
  raw_command(raw.get(), "SELECT %b", std::string(options->db == 3 ? "4" : "3"));
  EXPECT_EQ(raw_command(raw.get(), "EXISTS %b", prefix + "interaction:i")->integer, 0);
}

TEST(RedisTtlStore, AnExpiredOrNegativeTtlStoresAnEntryThatIsGoneAtOnce) {
  auto options = test_redis_options(unique_prefix());
  ASSERT_TRUE(options);
  RedisTtlStore store(*options);
  ASSERT_TRUE(store.put(TtlKind::interaction, "neg", "v", -5s));
  ASSERT_TRUE(store.put_if_absent(TtlKind::interaction, "zero", "v", 0ms));
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(*store.get(TtlKind::interaction, "neg"), std::nullopt);
  EXPECT_EQ(*store.get(TtlKind::interaction, "zero"), std::nullopt);
}

TEST(RedisTtlStore, IncrementGivesACounterWithoutAWindowOne) {
  const auto prefix = unique_prefix();
  auto options = test_redis_options(prefix);
  ASSERT_TRUE(options);
  auto raw = raw_connect(*options);
  ASSERT_TRUE(raw);
  raw_command(raw.get(), "SET %b 7", prefix + "rate:stuck");  // no TTL: would block the client for good
  RedisTtlStore store(*options);
  EXPECT_EQ(*store.increment(TtlKind::rate_limit, "stuck", 10s), 8u);
  EXPECT_GT(pttl(raw.get(), prefix + "rate:stuck"), 9'000);
}

TEST(RedisTtlStore, AValueOfTheWrongTypeIsAServerErrorNamingTheOperationNotTheValue) {
  const auto prefix = unique_prefix();
  auto options = test_redis_options(prefix);
  ASSERT_TRUE(options);
  auto raw = raw_connect(*options);
  ASSERT_TRUE(raw);
  raw_command(raw.get(), "RPUSH %b confidential-element", prefix + "code:list");
  raw_command(raw.get(), "PEXPIRE %b 30000", prefix + "code:list");
  RedisTtlStore store(*options);
  auto r = store.consume(TtlKind::authorization_code, "list");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::server_error);
  EXPECT_EQ(r.error().status, 500);
  EXPECT_NE(r.error().detail.find("GETDEL"), std::string::npos) << r.error().detail;
  EXPECT_NE(r.error().detail.find("WRONGTYPE"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("confidential"), std::string::npos) << r.error().detail;
  // The connection stays usable after an error reply.
  EXPECT_TRUE(store.put(TtlKind::authorization_code, "after", "v", 30s));
}

TEST(RedisTtlStore, AStoredValueOverTheBoundIsAServerErrorNotPassedOn) {
  const auto prefix = unique_prefix();
  auto options = test_redis_options(prefix);
  ASSERT_TRUE(options);
  auto raw = raw_connect(*options);
  ASSERT_TRUE(raw);
  const std::string huge(kMaxValueBytes + 1, 'x');
  auto set = RawReply(static_cast<redisReply*>(
      redisCommand(raw.get(), "SET %b %b PX 30000", (prefix + "par:huge").data(), prefix.size() + 8, huge.data(), huge.size())));
  ASSERT_TRUE(set);
  RedisTtlStore store(*options);
  auto r = store.get(TtlKind::par_request, "huge");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::server_error);
}

// Redis answers BUSY while a script runs past busy-reply-threshold: an outage (503), not a bug (500),
// and the connection stays usable once the script is done.
TEST(RedisTtlStore, ARedisBusyWithASlowScriptIsUnavailableNotAServerError) {
  auto options = test_redis_options(unique_prefix());
  ASSERT_TRUE(options);
  auto admin = raw_connect(*options);
  auto blocker = raw_connect(*options);
  ASSERT_TRUE(admin && blocker);
  redisSetTimeout(blocker.get(), timeval{5, 0});
  RedisTtlStore store(*options);
  ASSERT_TRUE(store.ping().has_value());  // pooled before Redis gets busy

  auto saved = raw_command(admin.get(), "CONFIG GET %s", "busy-reply-threshold");
  ASSERT_TRUE(saved && saved->type == REDIS_REPLY_ARRAY && saved->elements == 2);
  struct Restore {  // even when an assertion below fails
    redisContext* admin;
    std::string threshold;
    ~Restore() { raw_command(admin, "CONFIG SET busy-reply-threshold %b", threshold); }
  } restore{admin.get(), std::string(saved->element[1]->str, saved->element[1]->len)};
  raw_command(admin.get(), "CONFIG SET busy-reply-threshold %b", "100");

  // Spins for 700 ms on Redis' clock, then ends by itself (no SCRIPT KILL needed if this test dies).
  const std::string spin =
      "local s = redis.call('TIME') local e "
      "repeat e = redis.call('TIME') until (e[1] - s[1]) * 1000000 + (e[2] - s[2]) > 700000 return 1";
  redisAppendCommand(blocker.get(), "EVAL %b 0", spin.data(), spin.size());
  for (int done = 0; !done;) ASSERT_EQ(redisBufferWrite(blocker.get(), &done), REDIS_OK);
  std::this_thread::sleep_for(300ms);

  auto busy = store.get(TtlKind::par_request, "k");
  ASSERT_FALSE(busy.has_value());
  EXPECT_EQ(busy.error().code, ErrorCode::temporarily_unavailable) << busy.error().detail;
  EXPECT_EQ(busy.error().status, 503);
  EXPECT_NE(busy.error().detail.find("BUSY"), std::string::npos) << busy.error().detail;

  void* done = nullptr;
  ASSERT_EQ(redisGetReply(blocker.get(), &done), REDIS_OK);
  freeReplyObject(done);
  auto after = store.get(TtlKind::par_request, "k");
  EXPECT_TRUE(after.has_value()) << after.error().detail;
}

TEST(RedisTtlStore, PingsAndIsNamedRedis) {
  auto options = test_redis_options(unique_prefix());
  ASSERT_TRUE(options);
  RedisTtlStore store(*options);
  EXPECT_EQ(store.name(), "redis");
  auto r = store.ping();
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
}

TEST(RedisTtlStore, APasswordTheServerDoesNotExpectIsUnavailableWithoutEchoingIt) {
  auto options = test_redis_options(unique_prefix());
  ASSERT_TRUE(options);
  options->password = "Not-The-Password-7f3a";  // the test server has no password
  RedisTtlStore store(*options);
  auto r = store.put(TtlKind::par_request, "k", "v", 30s);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(r.error().status, 503);
  EXPECT_NE(r.error().detail.find("AUTH"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("Not-The-Password"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().description.find("Not-The-Password"), std::string::npos);
}

// A redis-server of our own with `requirepass`, on a free loopback port, stopped by its pid.
class PasswordProtectedRedis {
 public:
  explicit PasswordProtectedRedis(const std::string& password) {
    port_ = free_port();
    dir_ = "/tmp/fapid-redis-auth-XXXXXX";
    if (mkdtemp(dir_.data()) == nullptr) return;
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {"redis-server", "--port", port, "--bind", "127.0.0.1", "--requirepass", password,
                                     "--save", "", "--appendonly", "no", "--dir", dir_, "--logfile", dir_ + "/redis.log"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&pid_, "redis-server", nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
    for (int i = 0; i < 100 && pid_ > 0 && !answers(); ++i) std::this_thread::sleep_for(50ms);
  }
  ~PasswordProtectedRedis() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    unlink((dir_ + "/redis.log").c_str());
    rmdir(dir_.c_str());
  }
  bool up() const { return pid_ > 0 && answers(); }
  std::uint16_t port() const { return port_; }

 private:
  static std::uint16_t free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
  }
  bool answers() const {
    RawContext c(redisConnectWithTimeout("127.0.0.1", port_, timeval{0, 200'000}));
    return c && c->err == 0;
  }
  std::uint16_t port_ = 0;
  std::string dir_;
  pid_t pid_ = -1;
};

TEST(RedisTtlStore, AuthenticatesWithThePasswordAndReportsAWrongOneWithoutEchoingIt) {
  PasswordProtectedRedis server("Right-Password-91c2");
  ASSERT_TRUE(server.up()) << "could not start redis-server with requirepass";
  auto right = parse_redis_url("redis://:Right-Password-91c2@127.0.0.1:" + std::to_string(server.port()) + "/0");
  ASSERT_TRUE(right);
  RedisTtlStore good(*right);
  auto stored = good.put(TtlKind::par_request, "k", "v", 30s);
  EXPECT_TRUE(stored.has_value()) << (stored ? "" : stored.error().detail);

  auto wrong = *right;
  wrong.password = "Wrong-Password-55e1";
  RedisTtlStore bad(wrong);
  auto r = bad.get(TtlKind::par_request, "k");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(r.error().status, 503);
  EXPECT_NE(r.error().detail.find("WRONGPASS"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("Wrong-Password"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("Right-Password"), std::string::npos) << r.error().detail;

  auto none = *right;
  none.password.reset();
  RedisTtlStore anonymous(none);
  auto denied = anonymous.get(TtlKind::par_request, "k");
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_NE(denied.error().detail.find("NOAUTH"), std::string::npos) << denied.error().detail;
}

}  // namespace
}  // namespace fapid::storage::testing
