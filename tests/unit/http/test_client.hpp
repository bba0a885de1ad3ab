#pragma once
// A minimal HTTP/1.1 client for the server tests: plain or TLS (with chosen versions, ciphers and
// client certificate), raw bytes out, Beast-parsed responses in. Every operation has a deadline so a
// misbehaving server fails a test instead of hanging it.
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <string>

namespace fapid::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using error_code = boost::system::error_code;

struct ClientOptions {
  bool tls = true;
  int min_version = 0;  // 0: library default
  int max_version = 0;
  std::string tls12_ciphers;  // empty: library default
  std::string cert_file, key_file;
  bool legacy = false;  // security level 0, so TLS 1.0/1.1 can at least be offered
  SSL_SESSION* resume = nullptr;
};

class TestClient {
 public:
  using Response = bhttp::response<bhttp::string_body>;

  explicit TestClient(ClientOptions opt = {}) : opt_(std::move(opt)), ctx_(net::ssl::context::tls_client) {
    SSL_CTX* c = ctx_.native_handle();
    if (opt_.legacy) SSL_CTX_set_security_level(c, 0);
    if (opt_.min_version) SSL_CTX_set_min_proto_version(c, opt_.min_version);
    if (opt_.max_version) SSL_CTX_set_max_proto_version(c, opt_.max_version);
    if (!opt_.tls12_ciphers.empty()) SSL_CTX_set_cipher_list(c, opt_.tls12_ciphers.c_str());
    if (!opt_.cert_file.empty()) {
      SSL_CTX_use_certificate_file(c, opt_.cert_file.c_str(), SSL_FILETYPE_PEM);
      SSL_CTX_use_PrivateKey_file(c, opt_.key_file.c_str(), SSL_FILETYPE_PEM);
    }
    SSL_CTX_set_verify(c, SSL_VERIFY_NONE, nullptr);  // the server's chain is not under test here
  }

  // TCP connect and, for TLS, the handshake.
  error_code connect(std::uint16_t port) {
    error_code result;
    net::ip::tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
    if (!opt_.tls) {
      plain_.emplace(ioc_);
      plain_->expires_after(kDeadline);
      plain_->async_connect(ep, [&](error_code ec) { result = ec; });
      run();
      return result;
    }
    tls_.emplace(ioc_, ctx_);
    if (opt_.resume) SSL_set_session(tls_->native_handle(), opt_.resume);
    auto& low = beast::get_lowest_layer(*tls_);
    low.expires_after(kDeadline);
    low.async_connect(ep, [&](error_code ec) { result = ec; });
    run();
    if (result) return result;
    tls_->async_handshake(net::ssl::stream_base::client, [&](error_code ec) { result = ec; });
    run();
    return result;
  }

  error_code send(const std::string& raw) {
    error_code result;
    with_stream([&](auto& s) {
      beast::get_lowest_layer(s).expires_after(kDeadline);
      net::async_write(s, net::buffer(raw), [&](error_code ec, std::size_t) { result = ec; });
    });
    run();
    return result;
  }

  std::optional<Response> read(bool head = false, error_code* out = nullptr) {
    error_code result;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    parser.body_limit(16 * 1024 * 1024);
    with_stream([&](auto& s) {
      beast::get_lowest_layer(s).expires_after(kDeadline);
      bhttp::async_read(s, buffer_, parser, [&](error_code ec, std::size_t) { result = ec; });
    });
    run();
    if (out) *out = result;
    if (result) return std::nullopt;
    return parser.release();
  }

  std::optional<Response> request(const std::string& raw, bool head = false) {
    if (send(raw)) return std::nullopt;
    return read(head);
  }

  // True once the server has closed the connection (EOF or reset), waiting at most the deadline.
  bool closed_by_server() {
    error_code ec;
    char byte;
    std::size_t n = 0;
    with_stream([&](auto& s) {
      beast::get_lowest_layer(s).expires_after(kDeadline);
      s.async_read_some(net::buffer(&byte, 1), [&](error_code e, std::size_t k) { ec = e; n = k; });
    });
    run();
    return ec && ec != beast::error::timeout && n == 0;
  }

  SSL* ssl() { return tls_ ? tls_->native_handle() : nullptr; }

 private:
  static constexpr auto kDeadline = std::chrono::seconds(5);

  template <class F>
  void with_stream(F&& f) {
    if (tls_) f(*tls_);
    else f(*plain_);
  }
  void run() {
    ioc_.restart();
    ioc_.run();
  }

  ClientOptions opt_;
  net::io_context ioc_;
  net::ssl::context ctx_;
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
  beast::flat_buffer buffer_;
};

inline std::string get(std::string_view path, std::string_view extra = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra) + "\r\n";
}

}  // namespace fapid::test
