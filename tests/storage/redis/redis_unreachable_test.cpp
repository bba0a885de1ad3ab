// A Redis that is not there, or does not answer: each call ends within the configured timeouts (hiredis
// 0.14 has no async connect timeout, SPEC.md Stack hazards), is temporarily_unavailable / 503, and while
// the pool backs off, calls fail at once instead of each waiting out a timeout (ATTACKS R03, R07).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "redis_test_support.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A loopback TCP socket bound to a free port, closed by the destructor. `backlog` < 0: bound but not
// listening (connections are refused); otherwise listening and never accepting.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(int backlog) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (backlog >= 0) listen(fd_, backlog);
  }
  ~LoopbackSocket() {
    for (const int fd : fillers_) close(fd);
    close(fd_);
  }
  std::uint16_t port() const { return port_; }
  int fd() const { return fd_; }
  // Fills the accept queue with connections nobody accepts, so the kernel drops further SYNs and a
  // connect hangs like one to a host that has gone away.
  void fill_accept_queue() {
    for (int i = 0; i < 4; ++i) {
      const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(port_);
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      fillers_.push_back(fd);
    }
    usleep(100'000);
  }

 private:
  int fd_;
  std::uint16_t port_ = 0;
  std::vector<int> fillers_;
};

RedisOptions unreachable_options(std::uint16_t port) {
  RedisOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.connect_timeout = 400ms;
  o.command_timeout = 300ms;
  o.pool.size = 4;
  o.pool.acquire_timeout = 200ms;
  o.pool.min_backoff = 500ms;
  o.pool.max_backoff = 2000ms;
  return o;
}

struct Timed {
  Result<std::optional<std::string>> result;
  Clock::duration took;
};

Timed timed_get(RedisTtlStore& store) {
  const auto started = Clock::now();
  auto r = store.get(TtlKind::authorization_code, "k");
  return {std::move(r), Clock::now() - started};
}

template <class T>
void expect_unavailable(const Result<T>& r) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable) << r.error().detail;
  EXPECT_EQ(r.error().status, 503);
}

// While the pool waits to reconnect, 200 calls together take less than one connect attempt.
void expect_fast_failures(RedisTtlStore& store) {
  const auto started = Clock::now();
  for (int i = 0; i < 200; ++i) {
    auto r = store.get(TtlKind::authorization_code, "k");
    expect_unavailable(r);
    if (!r) {
      EXPECT_NE(r.error().detail.find("waiting to reconnect"), std::string::npos) << r.error().detail;
    }
  }
  EXPECT_LT(Clock::now() - started, 100ms);
}

TEST(RedisUnreachable, ARefusedConnectionFailsAtOnceThenFailsFastWhileBackingOff) {
  LoopbackSocket refusing(-1);
  RedisTtlStore store(unreachable_options(refusing.port()));
  const auto first = timed_get(store);
  expect_unavailable(first.result);
  EXPECT_LT(first.took, 400ms);
  EXPECT_NE(first.result.error().detail.find("connect"), std::string::npos) << first.result.error().detail;
  expect_fast_failures(store);
  // After the back-off it tries again (and fails again, slowly only as long as a refusal takes).
  std::this_thread::sleep_for(550ms);
  const auto retry = timed_get(store);
  expect_unavailable(retry.result);
  EXPECT_EQ(retry.result.error().detail.find("waiting to reconnect"), std::string::npos) << retry.result.error().detail;
}

TEST(RedisUnreachable, AServerThatNeverCompletesTheHandshakeFailsWithinTheConnectTimeout) {
  LoopbackSocket silent(0);
  silent.fill_accept_queue();
  RedisTtlStore store(unreachable_options(silent.port()));
  const auto first = timed_get(store);
  expect_unavailable(first.result);
  EXPECT_GE(first.took, 350ms);   // it did wait for the handshake...
  EXPECT_LT(first.took, 1000ms);  // ...but no longer than connect_timeout (400 ms) and some slack
  expect_fast_failures(store);
}

TEST(RedisUnreachable, AServerThatNeverAnswersFailsWithinTheCommandTimeout) {
  LoopbackSocket silent(16);  // the kernel completes the handshake; nobody ever reads or writes
  RedisTtlStore store(unreachable_options(silent.port()));
  const auto first = timed_get(store);
  expect_unavailable(first.result);
  EXPECT_NE(first.result.error().detail.find("PING: no reply within the command timeout"), std::string::npos)
      << first.result.error().detail;
  EXPECT_GE(first.took, 250ms);
  EXPECT_LT(first.took, 1000ms);  // command_timeout is 300 ms
  expect_fast_failures(store);
  auto ping = store.ping();
  ASSERT_FALSE(ping.has_value());
  EXPECT_EQ(ping.error().status, 503);
}

// Reads from `fd` until `text` has arrived; false when the peer went away first.
bool read_until(int fd, std::string& received, std::string_view text) {
  char buffer[4096];
  while (received.find(text) == std::string::npos) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

// hiredis writes with write(2): writing to a connection the server has closed and reset (a restart, a
// crash) raises SIGPIPE, which would kill the whole server. The adapter swallows it.
TEST(RedisUnreachable, AWriteToAConnectionTheServerResetIsUnavailableNotASigpipe) {
  LoopbackSocket listener(4);
  // Answers the connect's PING and one SET, then hangs up (FIN) and resets (RST): the kernel then
  // answers the client's next write with EPIPE and SIGPIPE.
  std::thread fake_redis([&] {
    const int conn = accept(listener.fd(), nullptr, nullptr);
    std::string received;
    if (read_until(conn, received, "PING\r\n") && write(conn, "+PONG\r\n", 7) == 7 &&
        read_until(conn, received, "small\r\n") && write(conn, "+OK\r\n", 5) == 5) {
      shutdown(conn, SHUT_WR);
      std::this_thread::sleep_for(50ms);
      const linger reset{1, 0};
      setsockopt(conn, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    }
    close(conn);
  });
  auto options = unreachable_options(listener.port());
  options.command_timeout = 2000ms;
  RedisTtlStore store(options);
  auto small = store.put(TtlKind::par_request, "k", "small", 30s);
  ASSERT_TRUE(small.has_value()) << small.error().detail;
  fake_redis.join();
  std::this_thread::sleep_for(50ms);  // the FIN and the RST have arrived at the pooled connection

  auto again = store.put(TtlKind::par_request, "k", "again", 30s);  // without the guard: killed by SIGPIPE
  expect_unavailable(again);
}

}  // namespace
}  // namespace fapid::storage::testing
