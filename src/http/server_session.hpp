#pragma once
// Internal to server.cpp (the only file that includes it): the server's state and the per-connection
// session template. Kept apart only so that neither file is a wall of text; it is one translation unit.
#include <algorithm>
#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "http/message_checks.hpp"
#include "http/request_id.hpp"
#include "http/response_headers.hpp"
#include "http/responses.hpp"
#include "http/server.hpp"
#include "http/worker_pool.hpp"
#include "log/logger.hpp"

namespace fapid::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

namespace server_detail {

constexpr std::size_t kReadChunk = 4096;
constexpr std::size_t kBufferSlack = 16 * 1024;         // pipelined bytes beyond a full header
constexpr std::size_t kMaxDrainBytes = 256 * 1024;      // read and dropped before closing (lingering close)
constexpr auto kDrainTimeout = std::chrono::seconds(1);
constexpr auto kShutdownPoll = std::chrono::milliseconds(20);
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);

constexpr std::array<Listener, 3> kListeners{Listener::tls, Listener::mtls, Listener::ops};
inline std::size_t slot(Listener l) { return l == Listener::tls ? 0 : l == Listener::mtls ? 1 : 2; }

// Beast's own framing errors are smuggling attempts too (conflicting CL, TE after CL, ...).
inline Rejection classify(const error_code& ec) {
  if (ec == bhttp::error::header_limit) return Rejection::header_too_large;
  if (ec == bhttp::error::body_limit) return Rejection::body_too_large;
  if (ec == bhttp::error::bad_content_length || ec == bhttp::error::multiple_content_length ||
      ec == bhttp::error::bad_transfer_encoding)
    return Rejection::smuggling;
  return Rejection::bad_request;
}

inline Response rejection_response(Rejection r) {
  switch (r) {
    case Rejection::header_too_large: return error({ErrorCode::header_too_large, "request header too large"});
    case Rejection::body_too_large: return error({ErrorCode::payload_too_large, "request body too large"});
    default: return error({ErrorCode::invalid_request, "malformed HTTP request"});
  }
}

}  // namespace server_detail
using namespace server_detail;

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void shutdown() = 0;  // thread-safe: close if idle, else close after the current response
};

struct Server::Impl {
  Impl(const config::Server& c, std::shared_ptr<const TlsContexts> t, const Router& r, Metrics& m)
      : cfg(c), tls(std::move(t)), router(r), metrics(m), ioc(static_cast<int>(std::max(1u, c.threads.io))) {}
  ~Impl() {
    if (pool) pool->stop();  // before ioc goes: queued tasks post to it
  }

  const config::Server cfg;
  const std::shared_ptr<const TlsContexts> tls;
  const Router& router;
  Metrics& metrics;
  RequestIds ids;
  std::optional<WorkerPool> pool;
  std::array<std::atomic<std::size_t>, 3> connections{};
  std::array<std::uint16_t, 3> ports{};
  std::atomic<bool> stopping{false};        // no new connections; responses say Connection: close
  std::atomic<bool> shutdown_begun{false};

  std::mutex sessions_mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> sessions;
  std::uint64_t next_session = 0;

  std::mutex run_mutex;
  std::condition_variable run_cv;
  bool running = false;

  // Declared last: destroyed first, so handlers it destroys (sessions) still find the members above.
  net::io_context ioc;
  std::array<std::optional<tcp::acceptor>, 3> acceptors;
  std::optional<net::steady_timer> drain_timer;
  std::array<std::optional<net::steady_timer>, 3> accept_retry;

  std::size_t live_connections() const {
    std::size_t n = 0;
    for (const auto& c : connections) n += c.load();
    return n;
  }
  void accept(Listener l);
  void on_accept(Listener l, error_code ec, tcp::socket socket);
  void begin_shutdown();
  void drain(SteadyClock::time_point deadline);
  std::uint64_t register_session(const std::shared_ptr<SessionBase>& s) {
    std::lock_guard lock(sessions_mutex);
    sessions.emplace(++next_session, s);
    return next_session;
  }
  void unregister_session(std::uint64_t id) {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(id);
  }
};

// One session per connection; Stream is beast::tcp_stream (ops) or ssl_stream<tcp_stream> (tls, mtls).
template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  enum class Phase { handshake, idle, reading, busy, closing };

 public:
  template <class... StreamArgs>
  Session(Server::Impl& server, Listener listener, std::string remote, StreamArgs&&... args)
      : server_(server),
        listener_(listener),
        stream_(std::forward<StreamArgs>(args)...),
        buffer_(server.cfg.limits.max_header_bytes + kBufferSlack) {
    peer_.listener = listener;
    peer_.remote_address = std::move(remote);
    server_.metrics.connection_opened(listener_);
  }
  ~Session() override {
    server_.unregister_session(id_);
    server_.connections[slot(listener_)].fetch_sub(1);
    server_.metrics.connection_closed(listener_);
  }

  void start(std::uint64_t id) {
    id_ = id;
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->begin(); });
  }

  void shutdown() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->stopping_ = true;
      // Idle keep-alive connections (and handshakes not yet done) close now; busy ones after their response.
      if (self->phase_ == Phase::idle || self->phase_ == Phase::handshake)
        beast::get_lowest_layer(self->stream_).cancel();
    });
  }

 private:
  bool stopping() const { return stopping_ || server_.stopping.load(); }

  void begin() {
    if constexpr (kTls) {
      phase_ = Phase::handshake;
      beast::get_lowest_layer(stream_).expires_after(server_.cfg.limits.handshake_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) { self->on_handshake(ec); });
    } else {
      start_message(true);
    }
  }

  void on_handshake(error_code ec) {
    if (ec) {
      server_.metrics.reject(Rejection::tls_handshake);
      log::debug("tls_handshake_failed", {{"listener", to_string(listener_)},
                                          {"remote", peer_.remote_address},
                                          {"reason", ec.message()}});
      return;  // dropping the last reference closes the socket
    }
    if constexpr (kTls)
      if (listener_ == Listener::mtls) peer_.certificate = peer_certificate(stream_.native_handle());
    start_message(true);
  }

  // A fresh parser per message (Beast examples): limits cannot leak from one request to the next.
  void start_message(bool first) {
    if (stopping() && !first) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.cfg.limits.max_header_bytes));
    parser_->body_limit(server_.cfg.limits.max_body_bytes);
    after_lf_ = false;
    if (buffer_.size() > 0) {  // a pipelined request is already here
      begin_header(true);
      return parse_buffered();
    }
    phase_ = Phase::idle;
    beast::get_lowest_layer(stream_).expires_after(first ? server_.cfg.limits.header_timeout
                                                         : server_.cfg.limits.keep_alive_timeout);
    if (stopping()) return close();
    read_some();
  }

  // The whole header must arrive by one deadline, not refreshed per byte (slowloris, H03). On a new
  // connection it runs from the accept (or handshake); after a response, from the message's first byte.
  void begin_header(bool reset_deadline) {
    phase_ = Phase::reading;
    started_ = SteadyClock::now();
    request_id_ = server_.ids.next();
    method_ = Method::other;
    path_.clear();
    if (reset_deadline) beast::get_lowest_layer(stream_).expires_after(server_.cfg.limits.header_timeout);
  }

  void read_some() {
    const auto room = buffer_.max_size() - buffer_.size();
    if (room == 0) return reject(Rejection::header_too_large);
    stream_.async_read_some(buffer_.prepare(std::min(room, kReadChunk)),
                            [self = this->shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(error_code ec, std::size_t n) {
    if (ec) {
      if (ec == beast::error::timeout && phase_ == Phase::reading) server_.metrics.reject(Rejection::timeout);
      return close();
    }
    buffer_.commit(n);
    if (phase_ == Phase::idle) begin_header(served_ > 0);
    parse_buffered();
  }

  void parse_buffered() {
    error_code ec;
    const auto data = buffer_.data();
    const std::size_t used = parser_->put(data, ec);
    if (used > 0) {
      const std::string_view raw(static_cast<const char*>(data.data()), used);
      if (contains_obs_fold(raw, after_lf_)) return reject(Rejection::smuggling);
      after_lf_ = raw.back() == '\n';
      buffer_.consume(used);
    }
    if (ec == bhttp::error::need_more) return read_some();
    if (ec) return reject(classify(ec));
    on_header();
  }

  void on_header() {
    const auto& msg = parser_->get();
    FramingHeaders framing;
    framing.version = msg.version();
    for (const auto& f : msg) {
      if (f.name() == bhttp::field::content_length) framing.content_length.push_back(f.value());
      if (f.name() == bhttp::field::transfer_encoding) framing.transfer_encoding.push_back(f.value());
    }
    if (auto problem = framing_problem(framing)) {
      log::info("http_request_rejected", {{"request_id", request_id_}, {"reason", *problem}});
      return reject(Rejection::smuggling);
    }
    if (parser_->is_done()) return on_request();
    beast::get_lowest_layer(stream_).expires_after(server_.cfg.limits.body_timeout);
    // RFC 9110 §10.1.1: a client that sent `Expect: 100-continue` (curl does, for bodies over 1 KiB)
    // waits for the interim response before it sends the body. The size limit was already checked
    // against Content-Length when the header completed, so an oversized body never gets invited.
    const auto expect = msg[bhttp::field::expect];
    if (msg.version() >= 11 && beast::iequals(expect, "100-continue") && buffer_.size() == 0) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                              [self = this->shared_from_this()](error_code e, std::size_t) {
                                if (e) return self->close();
                                self->read_body();
                              });
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](error_code e, std::size_t) { self->on_body(e); });
  }

  void on_body(error_code ec) {
    if (ec == beast::error::timeout) {
      server_.metrics.reject(Rejection::timeout);
      return close();
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == net::error::eof ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset)
      return close();
    if (ec) return reject(classify(ec));
    on_request();
  }

  void on_request() {
    phase_ = Phase::busy;
    ++served_;
    auto& msg = parser_->get();
    Request req;
    req.method = method_from(msg.method_string());
    req.target = std::string(msg.target());
    const auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    req.headers.reserve(static_cast<std::size_t>(std::distance(msg.begin(), msg.end())));
    for (const auto& f : msg) {
      std::string name(f.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      req.headers.push_back({std::move(name), std::string(f.value())});
    }
    req.body = std::move(msg.body());
    req.request_id = request_id_;
    req.peer = peer_;
    keep_alive_ = msg.keep_alive();
    method_ = req.method;
    path_ = req.path;

    // Origin-form only (RFC 9112 §3.2.1): no absolute-form or "*" reaches the router.
    if (req.target.empty() || req.target.front() != '/')
      return send(error({ErrorCode::invalid_request, "malformed request target"}), "unmatched");
    auto match = server_.router.match(req.method, req.path, listener_);
    if (!match.route) {
      if (match.status == 405) {
        auto r = error({ErrorCode::method_not_allowed, ""});
        r.set("allow", match.allow);
        return send(std::move(r), "unmatched");
      }
      return send(error({ErrorCode::not_found, ""}), "unmatched");
    }
    const Route* route = match.route;
    if (route->execution == Execution::inline_) return send(invoke(*route, req), route->path);

    auto task = [self = this->shared_from_this(), route, r = std::move(req)]() mutable {
      self->server_.metrics.set_queue_depth(self->server_.pool->queue_depth());
      auto response = invoke(*route, r);
      net::post(self->stream_.get_executor(), [self, route, resp = std::move(response)]() mutable {
        self->send(std::move(resp), route->path);
      });
    };
    const bool queued = server_.pool->try_post(std::move(task));
    server_.metrics.set_queue_depth(server_.pool->queue_depth());
    if (!queued) {
      server_.metrics.reject(Rejection::queue_full);
      auto r = error({ErrorCode::temporarily_unavailable, "the server is busy, retry later"});
      r.set("retry-after", "1");
      send(std::move(r), route->path);
    }
  }

  static Response invoke(const Route& route, const Request& req) {
    try {
      return route.handler(req);
    } catch (const std::exception& e) {
      log::error("handler_threw", {{"request_id", req.request_id}, {"route", route.path}, {"what", e.what()}});
    } catch (...) {
      log::error("handler_threw", {{"request_id", req.request_id}, {"route", route.path}, {"what", "unknown"}});
    }
    return error({ErrorCode::server_error, "internal server error"});
  }

  // Refuses a malformed, oversized or ambiguous request with a JSON error, then closes (H01, H02).
  void reject(Rejection why) {
    server_.metrics.reject(why);
    phase_ = Phase::busy;
    keep_alive_ = false;
    if (parser_ && parser_->is_header_done()) {
      method_ = method_from(parser_->get().method_string());
      const auto target = parser_->get().target();
      path_ = std::string(target.substr(0, target.find('?')));
    }
    send(rejection_response(why), "unmatched");
  }

  void send(Response r, std::string_view route_label) {
    if (r.status < 100 || r.status > 599) {
      log::error("handler_bad_status", {{"request_id", request_id_}, {"status", r.status}});
      r = error({ErrorCode::server_error, "internal server error"});
    }
    const bool close_after = !keep_alive_ || stopping() ||
                             served_ >= server_.cfg.limits.max_requests_per_connection;
    if (auto dropped = finalize(r, {request_id_, listener_, close_after, method_ == Method::head}))
      log::error("unsafe_response_header_dropped", {{"request_id", request_id_}, {"count", dropped}});
    const auto latency = SteadyClock::now() - started_;
    server_.metrics.record(route_label, method_, r.status, latency);
    log::info("http_request",
              {{"request_id", request_id_},
               {"listener", to_string(listener_)},
               {"method", to_string(method_)},
               {"route", route_label},
               {"path", path_},  // never the query: it may carry codes
               {"status", r.status},
               {"duration_ms", std::chrono::duration<double, std::milli>(latency).count()},
               {"remote", peer_.remote_address},
               {"client_cert", peer_.certificate ? std::string_view(peer_.certificate->sha256_b64url) : ""}});

    response_.emplace();
    response_->version(11);
    response_->result(static_cast<unsigned>(r.status));
    for (auto& h : r.headers) response_->set(h.name, h.value);
    response_->body() = std::move(r.body);
    close_after_ = close_after;
    beast::get_lowest_layer(stream_).expires_after(server_.cfg.limits.write_timeout);
    bhttp::async_write(stream_, *response_,
                       [self = this->shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(error_code ec) {
    response_.reset();
    if (ec || close_after_) return close();
    start_message(false);
  }

  // Half-close, then read and drop what the client still sends for a short while: closing with unread
  // data makes the kernel send RST, which can destroy the response (a 413) before the client reads it.
  void close() {
    if (phase_ == Phase::closing) return;
    phase_ = Phase::closing;
    auto& tcp_stream = beast::get_lowest_layer(stream_);
    error_code ignored;
    tcp_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!tcp_stream.socket().is_open()) return;
    tcp_stream.expires_after(kDrainTimeout);
    drain();
  }

  void drain() {
    auto& tcp_stream = beast::get_lowest_layer(stream_);
    tcp_stream.async_read_some(net::buffer(discard_),
                               [self = this->shared_from_this()](error_code ec, std::size_t n) {
                                 self->drained_ += n;
                                 if (ec || self->drained_ >= kMaxDrainBytes) {
                                   error_code ignored;
                                   beast::get_lowest_layer(self->stream_).socket().close(ignored);
                                   return;
                                 }
                                 self->drain();
                               });
  }

  Server::Impl& server_;
  const Listener listener_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  Peer peer_;
  std::uint64_t id_ = 0;
  Phase phase_ = Phase::idle;
  bool stopping_ = false;
  bool after_lf_ = false;
  bool keep_alive_ = true;
  bool close_after_ = false;
  std::size_t served_ = 0;
  std::size_t drained_ = 0;
  std::array<char, kReadChunk> discard_{};
  SteadyClock::time_point started_ = SteadyClock::now();
  std::string request_id_;
  Method method_ = Method::other;
  std::string path_;
};

}  // namespace fapid::http
