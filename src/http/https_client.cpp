#include "http/https_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace fapid::http {

namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

constexpr std::size_t kMaxResponseHeaderBytes = 16 * 1024;
constexpr std::size_t kMaxUrlBytes = 2048;

OAuthError unavailable(std::string detail) {
  return {ErrorCode::temporarily_unavailable, "the identity provider could not be reached", std::move(detail)};
}

struct Target {
  std::string host;         // as resolved and verified (an IPv6 literal without brackets)
  std::string host_header;  // as the Host header writes it
  std::string port;
  std::string path_and_query;
};

std::optional<Target> parse_target(const std::string& url) {
  if (url.size() > kMaxUrlBytes) return std::nullopt;
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme() != "https" || !parsed->has_authority() || parsed->has_userinfo()) return std::nullopt;
  Target t;
  // An IPv6 literal is written in brackets in a URL but resolved and verified without them.
  t.host = parsed->host_type() == boost::urls::host_type::ipv6 ? parsed->host_address() : std::string(parsed->encoded_host());
  if (t.host.empty()) return std::nullopt;
  t.port = parsed->has_port() ? std::string(parsed->port()) : "443";
  t.host_header = std::string(parsed->encoded_host_and_port());
  t.path_and_query = std::string(parsed->encoded_path());
  if (t.path_and_query.empty()) t.path_and_query = "/";
  if (parsed->has_query()) t.path_and_query += "?" + std::string(parsed->encoded_query());
  return t;
}

// One request on its own io_context: every step is asynchronous so that one deadline (run_for) bounds
// them all, name resolution included; on expiry the socket is closed and the pending step aborts.
class Exchange {
 public:
  Exchange(ssl::context& tls, const Target& target, bhttp::request<bhttp::string_body> request, std::size_t max_body)
      : resolver_(ioc_), stream_(ioc_, tls), target_(target), request_(std::move(request)) {
    parser_.header_limit(kMaxResponseHeaderBytes);
    parser_.body_limit(max_body);
  }

  Result<OutboundResponse> run(std::chrono::milliseconds timeout) {
    if (auto e = verify_peer_name(); !e.empty()) return unavailable(e);
    resolver_.async_resolve(target_.host, target_.port, [this](beast::error_code ec, tcp::resolver::results_type r) {
      if (!step(ec, "connect")) return;
      beast::get_lowest_layer(stream_).async_connect(r, [this](beast::error_code ec2, const tcp::endpoint&) {
        if (!step(ec2, "TLS handshake")) return;
        stream_.async_handshake(ssl::stream_base::client, [this](beast::error_code ec3) {
          if (!step(ec3, "write")) return;
          bhttp::async_write(stream_, request_, [this](beast::error_code ec4, std::size_t) {
            if (!step(ec4, "read")) return;
            bhttp::async_read(stream_, buffer_, parser_, [this](beast::error_code ec5, std::size_t) {
              if (step(ec5, "done")) done_ = true;
            });
          });
        });
      });
    });
    ioc_.run_for(timeout);
    if (!done_ && failure_.empty()) {
      failure_ = stage_ + ": no answer within " + std::to_string(timeout.count()) + " ms";
      resolver_.cancel();
      beast::error_code ignored;
      beast::get_lowest_layer(stream_).socket().close(ignored);
      ioc_.restart();
      ioc_.run();  // lets the aborted handlers finish before the members they use go away
    }
    if (!failure_.empty()) return unavailable(target_.host + ": " + failure_);
    auto& res = parser_.get();
    return OutboundResponse{static_cast<int>(res.result_int()), std::string(res[bhttp::field::content_type]),
                            std::move(res.body())};
  }

 private:
  // SNI, and the name (or address) the certificate must carry, checked by OpenSSL during the handshake.
  std::string verify_peer_name() {
    SSL* ssl = stream_.native_handle();
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    beast::error_code ec;
    net::ip::make_address(target_.host, ec);
    if (!ec) return X509_VERIFY_PARAM_set1_ip_asc(param, target_.host.c_str()) == 1 ? "" : "bad IP address";
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set_tlsext_host_name(ssl, target_.host.c_str()) != 1 || SSL_set1_host(ssl, target_.host.c_str()) != 1)
      return "bad host name";
    return "";
  }

  // Ends the pending stage: on success `next` becomes the pending one (what a timeout names).
  bool step(const beast::error_code& ec, const char* next) {
    if (ec) {
      if (failure_.empty()) failure_ = stage_ + ": " + ec.message();
      return false;
    }
    stage_ = next;
    return true;
  }

  net::io_context ioc_;
  tcp::resolver resolver_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  Target target_;
  bhttp::request<bhttp::string_body> request_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::string_body> parser_;
  std::string stage_ = "resolve";
  std::string failure_;
  bool done_ = false;
};

class BeastHttpsClient final : public HttpsClient {
 public:
  explicit BeastHttpsClient(const OutboundOptions& options) : tls_(ssl::context::tls_client), options_(options) {}

  Result<void> init() {
    SSL_CTX* ctx = tls_.native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
    tls_.set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    if (options_.ca_file.empty())
      tls_.set_default_verify_paths(ec);
    else
      tls_.load_verify_file(options_.ca_file, ec);
    if (ec) return OAuthError(ErrorCode::server_error, "trust anchors unavailable", options_.ca_file + ": " + ec.message());
    return {};
  }

  Result<OutboundResponse> send(const OutboundRequest& request) const override {
    const auto target = parse_target(request.url);
    if (!target) return unavailable("not an https URL");
    const bool post = request.method == OutboundRequest::Method::post;
    bhttp::request<bhttp::string_body> req{post ? bhttp::verb::post : bhttp::verb::get, target->path_and_query, 11};
    req.set(bhttp::field::host, target->host_header);
    req.set(bhttp::field::user_agent, "fapid");
    req.set(bhttp::field::accept, "application/json");
    req.set(bhttp::field::connection, "close");
    if (post) {
      req.set(bhttp::field::content_type, request.content_type);
      req.body() = request.body;
    }
    req.prepare_payload();
    // ssl::context is safe to share between threads once configured; each exchange has its own SSL*.
    Exchange exchange(tls_, *target, std::move(req), options_.max_response_bytes);
    return exchange.run(options_.timeout);
  }

 private:
  mutable ssl::context tls_;
  OutboundOptions options_;
};

}  // namespace

Result<std::shared_ptr<const HttpsClient>> make_https_client(const OutboundOptions& options) {
  auto client = std::make_shared<BeastHttpsClient>(options);
  if (auto ok = client->init(); !ok) return ok.error();
  return std::shared_ptr<const HttpsClient>(std::move(client));
}

}  // namespace fapid::http
