#include "http/https_client.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "test_server.hpp"

namespace fapid::http {
namespace {

// A loopback TCP socket: listening (connections complete in the kernel backlog but nobody ever
// answers), or closed again so that connecting is refused.
class LoopbackPort {
 public:
  explicit LoopbackPort(bool listening) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 || (listening && ::listen(fd_, 8) != 0))
      ADD_FAILURE() << "loopback socket";
    port_ = ntohs(addr.sin_port);
    if (!listening) close();
  }
  ~LoopbackPort() { close(); }
  std::string url(std::string_view path = "/x") const { return "https://127.0.0.1:" + std::to_string(port_) + std::string(path); }

 private:
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
  unsigned short port_ = 0;
};

std::shared_ptr<const HttpsClient> client(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000),
                                          std::string ca_file = test::pki().ca_cert.string(), std::size_t max_bytes = 4096) {
  OutboundOptions options;
  options.timeout = timeout;
  options.ca_file = std::move(ca_file);
  options.max_response_bytes = max_bytes;
  auto c = make_https_client(options);
  EXPECT_TRUE(c);
  return *c;
}

std::string url(const test::TestServer& server, const char* path, const char* host = "127.0.0.1") {
  return std::string("https://") + host + ":" + std::to_string(server.port(Listener::tls)) + path;
}

TEST(HttpsClient, TalksToAPeerWhoseCertificateChainsToTheTrustAnchorsAndNamesTheHost) {
  test::TestServer server;
  for (const char* host : {"127.0.0.1", "localhost"}) {
    auto got = client()->send({OutboundRequest::Method::get, url(server, "/hello", host), {}, {}});
    ASSERT_TRUE(got) << host << ": " << got.error().detail;
    EXPECT_EQ(got->status, 200);
    EXPECT_EQ(got->body, "hello");
    EXPECT_EQ(got->content_type, "text/plain");
  }
  auto posted = client()->send({OutboundRequest::Method::post, url(server, "/echo"), "application/x-www-form-urlencoded", "a=1&b=2"});
  ASSERT_TRUE(posted) << posted.error().detail;
  EXPECT_EQ(posted->body, "7");  // the server saw the whole body
  // Any status is an answer, not an error.
  auto missing = client()->send({OutboundRequest::Method::get, url(server, "/nowhere"), {}, {}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST(HttpsClient, RefusesAPeerWhoseCertificateIsNotFromTheTrustAnchors) {
  test::TestServer server;
  auto r = client(std::chrono::milliseconds(2000), test::pki().rogue_cert.string())
               ->send({OutboundRequest::Method::get, url(server, "/hello"), {}, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_NE(r.error().detail.find("TLS handshake"), std::string::npos) << r.error().detail;
}

TEST(HttpsClient, RefusesAnAnswerOverTheSizeLimit) {
  test::TestServer server;
  auto r = client(std::chrono::milliseconds(2000), test::pki().ca_cert.string(), 4)
               ->send({OutboundRequest::Method::get, url(server, "/hello"), {}, {}});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("read"), std::string::npos) << r.error().detail;
}

TEST(HttpsClient, RefusesAnythingButAnHttpsUrlWithAHost) {
  for (const char* url : {"http://127.0.0.1/x", "https:///x", "ftp://idp.example/", "https://user:pw@idp.example/", "not a url", ""}) {
    auto r = client()->send({OutboundRequest::Method::get, url, {}, {}});
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable) << url;
  }
}

TEST(HttpsClient, UnreadableTrustAnchorsAreAStartError) {
  OutboundOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  auto c = make_https_client(options);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::server_error);
  EXPECT_NE(c.error().detail.find("/nonexistent/ca.pem"), std::string::npos);
}

TEST(HttpsClient, ARefusedConnectionIsUnavailable) {
  const LoopbackPort closed(false);
  auto r = client()->send({OutboundRequest::Method::get, closed.url(), {}, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_NE(r.error().detail.find("connect"), std::string::npos) << r.error().detail;
}

TEST(HttpsClient, APeerThatNeverAnswersCostsOneDeadline) {
  const LoopbackPort silent(true);
  const auto start = std::chrono::steady_clock::now();
  auto r = client(std::chrono::milliseconds(300))->send({OutboundRequest::Method::post, silent.url(), "text/plain", "x"});
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_NE(r.error().detail.find("TLS handshake: no answer within 300 ms"), std::string::npos) << r.error().detail;
  EXPECT_LT(took, std::chrono::seconds(3));
}

}  // namespace
}  // namespace fapid::http
