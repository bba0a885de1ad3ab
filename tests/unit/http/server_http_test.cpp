// HTTP behaviour of the server over plain loopback sockets (the ops listener): framing and smuggling
// defences (ATTACKS.md H01), limits (H02), slowloris (H03), dispatch, back-pressure and shutdown.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "test_client.hpp"
#include "test_server.hpp"

namespace fapid::test {
namespace {

ClientOptions plain() {
  ClientOptions o;
  o.tls = false;
  return o;
}

class ServerHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;

  // Sends raw bytes on a fresh ops connection and returns the response (nullopt if none).
  static std::optional<TestClient::Response> raw(const std::string& bytes, TestClient& c) {
    EXPECT_FALSE(c.connect(server_->port(Listener::ops)));
    return c.request(bytes);
  }
  static void expect_rejected_and_closed(const std::string& bytes, int status, std::string_view error) {
    TestClient c(plain());
    auto r = raw(bytes, c);
    ASSERT_TRUE(r) << bytes;
    EXPECT_EQ(r->result_int(), status) << bytes;
    EXPECT_EQ(nlohmann::json::parse(r->body())["error"], error) << bytes;
    EXPECT_EQ((*r)["Connection"], "close");
    EXPECT_TRUE(c.closed_by_server()) << bytes;
  }
};
TestServer* ServerHttp::server_ = nullptr;

const std::string kPost = "POST /echo HTTP/1.1\r\nHost: x\r\n";

TEST_F(ServerHttp, RejectsRequestSmugglingVariants_H01) {
  const std::vector<std::string> attacks = {
      kPost + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
      kPost + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      kPost + "Transfer-Encoding: gzip\r\nContent-Length: 4\r\n\r\nabcd",
      kPost + "Transfer-Encoding: gzip\r\n\r\n",
      kPost + "Transfer-Encoding: chunked, gzip\r\n\r\n",
      kPost + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      kPost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "POST /echo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      kPost + "Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd",
      kPost + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
      kPost + "Content-Length: 4, 4\r\n\r\nabcd",
      kPost + "X-Folded: a\r\n b\r\nContent-Length: 4\r\n\r\nabcd",
      kPost + "Content-Length: 4\r\n\tX-Fold: 1\r\n\r\nabcd",
  };
  const auto before = server_->metrics().rejections(http::Rejection::smuggling);
  for (const auto& a : attacks) expect_rejected_and_closed(a, 400, "invalid_request");
  EXPECT_GE(server_->metrics().rejections(http::Rejection::smuggling), before + 10);
}

TEST_F(ServerHttp, AcceptsWellFramedBodies) {
  TestClient c(plain());
  auto r = raw(kPost + "Content-Length: 4\r\n\r\nabcd", c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "4");
  auto chunked = c.request(kPost + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->body(), "5");
}

TEST_F(ServerHttp, OversizedHeaderIs431AndCloses_H02) {
  expect_rejected_and_closed(get("/hello", "X-Big: " + std::string(5000, 'a') + "\r\n"), 431,
                             "request_header_fields_too_large");
}

TEST_F(ServerHttp, OversizedBodyIs413AndCloses_H02) {
  expect_rejected_and_closed(kPost + "Content-Length: 2000\r\n\r\n" + std::string(2000, 'a'), 413,
                             "payload_too_large");
  std::string chunked = kPost + "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) chunked += "200\r\n" + std::string(512, 'b') + "\r\n";
  expect_rejected_and_closed(chunked + "0\r\n\r\n", 413, "payload_too_large");
}

TEST_F(ServerHttp, SlowlorisIsCutAtTheHeaderDeadline_H03) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server_->port(Listener::ops));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string trickle = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(200, 'a');
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (char ch : trickle) {  // one byte every 100 ms: each read succeeds, the deadline still holds
    if (::send(fd, &ch, 1, MSG_NOSIGNAL) != 1) { closed = true; break; }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) > 0) { closed = true; break; }
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, 900ms);   // header_timeout is 1 s
  EXPECT_LT(elapsed, 2500ms);
}

TEST_F(ServerHttp, UnknownPathIs404Json) {
  TestClient c(plain());
  auto r = raw(get("/nope?code=secret"), c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 404);
  EXPECT_EQ(r->body(), R"({"error":"not_found"})");
  EXPECT_EQ((*r)["Cache-Control"], "no-store");
}

TEST_F(ServerHttp, WrongMethodIs405WithAllow) {
  TestClient c(plain());
  auto r = raw("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n", c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 405);
  EXPECT_EQ((*r)["Allow"], "POST");
}

TEST_F(ServerHttp, HeadGivesTheGetHeadersWithoutBody) {
  TestClient c(plain());
  ASSERT_FALSE(c.connect(server_->port(Listener::ops)));
  auto r = c.request("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ((*r)["Content-Length"], "5");
  auto next = c.request(get("/hello"));  // no stray body bytes were sent before this response
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body(), "hello");
}

TEST_F(ServerHttp, AThrowingHandlerIs500WithoutTheExceptionText) {
  TestClient c(plain());
  auto r = raw(get("/throw"), c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 500);
  EXPECT_EQ(nlohmann::json::parse(r->body())["error"], "server_error");
  EXPECT_EQ(r->body().find("secret"), std::string::npos);
}

TEST_F(ServerHttp, RefusesAbsoluteFormTargets) {
  TestClient c(plain());
  auto r = raw("GET http://evil.example/hello HTTP/1.1\r\nHost: x\r\n\r\n", c);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 400);
}

TEST_F(ServerHttp, OpsEndpointsReportHealthReadinessAndMetrics) {
  TestClient c(plain());
  auto health = raw(get("/healthz"), c);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->body(), R"({"status":"ok"})");
  auto not_ready = c.request(get("/readyz"));
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->result_int(), 503);
  server_->ready = true;
  auto ready = c.request(get("/readyz"));
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->body(), R"({"status":"ready"})");
  auto metrics = c.request(get("/metrics"));
  ASSERT_TRUE(metrics);
  EXPECT_EQ((*metrics)["Content-Type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics->body().find(R"(fapid_http_requests_total{route="/healthz",method="GET",status="200"} )"),
            std::string::npos);
  EXPECT_NE(metrics->body().find(R"(fapid_http_open_connections{listener="ops"} )"), std::string::npos);
}

TEST_F(ServerHttp, OpsEndpointsAreNotServedOnTheTlsListeners) {
  TestClient c;
  ASSERT_FALSE(c.connect(server_->port(Listener::tls)));
  auto r = c.request(get("/metrics"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 404);
}

TEST(ServerBackPressure, AFullWorkerQueueIs503WithRetryAfter) {
  TestServer server([](config::Server& c) { c.threads = {1, 1, 1}; });
  TestClient busy(plain()), queued(plain()), refused(plain());
  ASSERT_FALSE(busy.connect(server.port(Listener::ops)));
  ASSERT_FALSE(busy.send(get("/block")));
  ASSERT_TRUE(server.wait_started(1));  // the only worker is taken
  ASSERT_FALSE(queued.connect(server.port(Listener::ops)));
  ASSERT_FALSE(queued.send(get("/block")));
  std::this_thread::sleep_for(100ms);  // now the queue's one slot is taken
  ASSERT_FALSE(refused.connect(server.port(Listener::ops)));
  auto r = refused.request(get("/block"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 503);
  EXPECT_EQ((*r)["Retry-After"], "1");
  EXPECT_EQ(nlohmann::json::parse(r->body())["error"], "temporarily_unavailable");
  server.open_gate();
  auto a = busy.read();
  auto b = queued.read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body(), "unblocked");
  EXPECT_EQ(b->body(), "unblocked");
}

TEST(ServerLimits, ConnectionsBeyondMaxConnectionsAreClosedAtAccept) {
  TestServer server([](config::Server& c) { c.limits.max_connections = 1; });
  TestClient first(plain()), second(plain());
  ASSERT_FALSE(first.connect(server.port(Listener::ops)));
  ASSERT_TRUE(first.request(get("/hello")));
  ASSERT_FALSE(second.connect(server.port(Listener::ops)));  // the kernel accepts; the server closes
  EXPECT_FALSE(second.request(get("/hello")));
  EXPECT_TRUE(first.request(get("/hello")));
  EXPECT_EQ(server.metrics().rejections(http::Rejection::max_connections), 1u);
}

TEST(ServerShutdown, StopLetsAnInFlightRequestFinishAndClosesIdleConnections) {
  TestServer server;
  TestClient idle(plain()), inflight(plain());
  ASSERT_FALSE(idle.connect(server.port(Listener::ops)));
  ASSERT_TRUE(idle.request(get("/hello")));  // now an idle keep-alive connection
  ASSERT_FALSE(inflight.connect(server.port(Listener::ops)));
  ASSERT_FALSE(inflight.send(get("/slow")));
  ASSERT_TRUE(server.wait_started(1));
  const auto start = std::chrono::steady_clock::now();
  server.stop();  // returns once run() has returned
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  auto r = inflight.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body(), "slow done");
  EXPECT_EQ((*r)["Connection"], "close");
  EXPECT_TRUE(idle.closed_by_server());
}

}  // namespace
}  // namespace fapid::test
