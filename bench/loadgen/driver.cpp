// The load generator's only Beast/asio translation unit.
#include "driver.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <sys/resource.h>
#include <stdexcept>
#include <unistd.h>

namespace fapid::bench {

namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxFailureSamples = 5;
constexpr std::uint64_t kMaxBodyBytes = 1 << 20;
constexpr auto kHungAfter = std::chrono::seconds(1);
constexpr auto kRetryPause = std::chrono::milliseconds(10);

double process_cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto paren = stat.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream fields(stat.substr(paren + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // field 3 is the state; 14 utime, 15 stime
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double own_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

long status_kb(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::stol(line.substr(key.size() + 1));
  return -1;
}

ssl::context client_context(const TlsClientFiles& files) {
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_peer);
  ctx.load_verify_file(files.ca_file);
  if (!files.certificate_file.empty()) {
    ctx.use_certificate_chain_file(files.certificate_file);
    ctx.use_private_key_file(files.private_key_file, ssl::context::pem);
  }
  // Every new connection is a full handshake: scenario (g) measures exactly that.
  SSL_CTX_set_session_cache_mode(ctx.native_handle(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx.native_handle(), SSL_OP_NO_TICKET);
  return ctx;
}

class Driver {
 public:
  Driver(Scenario& scenario, const DriverOptions& o)
      : scenario_(scenario), o_(o), tls_(client_context(o.tls)), warmup_timer_(ioc_), end_timer_(ioc_) {
    const auto address = net::ip::make_address(o.host);
    endpoints_[0] = tcp::endpoint(address, o.tls_port);
    endpoints_[1] = tcp::endpoint(address, o.mtls_port);
  }

  RunResult run() {
    for (unsigned i = 0; i < o_.concurrency; ++i) users_.push_back(std::make_unique<User>(ioc_));
    const auto begin = Clock::now();
    warmup_timer_.expires_at(begin + o_.warmup);
    warmup_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) open_window();
    });
    end_timer_.expires_at(begin + o_.warmup + o_.duration);
    end_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) close_window();
    });
    if (o_.rate > 0) {
      interval_ = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.concurrency / o_.rate));
      for (std::size_t i = 0; i < users_.size(); ++i)
        users_[i]->due = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(i / o_.rate));
    }
    for (auto& u : users_) start(*u);
    ioc_.run();
    return std::move(result_);
  }

  SingleResult run_single(const Request& request) {
    single_ = true;
    users_.push_back(std::make_unique<User>(ioc_));
    class Once final : public Transaction {
     public:
      Once(Request r, SingleResult& out) : r_(std::move(r)), out_(out) {}
      Request first() override { return r_; }
      Step on_response(const Response& response) override {
        out_.response = response;
        return Step::ok();
      }

     private:
      Request r_;
      SingleResult& out_;
    };
    users_[0]->tx = std::make_unique<Once>(request, single_result_);
    users_[0]->started = Clock::now();
    send(*users_[0], users_[0]->tx->first());
    ioc_.run_for(std::chrono::seconds(10));
    if (!single_done_ && single_result_.failure.empty()) single_result_.failure = "no answer within 10 s";
    return std::move(single_result_);
  }

 private:
  struct Connection {
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
    beast::flat_buffer buffer;
  };
  struct User {
    explicit User(net::io_context& ioc) : pause(ioc) {}
    Connection connections[2];
    std::unique_ptr<Transaction> tx;
    bhttp::request<bhttp::string_body> request;
    std::optional<bhttp::response_parser<bhttp::string_body>> parser;
    Clock::time_point started;
    Clock::time_point due;  // open loop: when the next transaction is due
    std::uint64_t requests = 0;
    std::size_t endpoint = 0;
    bool busy = false;
    net::steady_timer pause;
  };

  void open_window() {
    RunResult fresh;  // what the warm-up measured is dropped, except that it failed
    fresh.failures = result_.failures;
    fresh.failure_samples = std::move(result_.failure_samples);
    fresh.inputs_exhausted = result_.inputs_exhausted;
    fresh.connections_opened = result_.connections_opened;
    result_ = std::move(fresh);
    window_start_ = Clock::now();
    measuring_ = true;
    if (o_.server_pid > 0) cpu_at_start_ = process_cpu_seconds(o_.server_pid);
    own_cpu_at_start_ = own_cpu_seconds();
  }

  void close_window() {
    const auto end = Clock::now();
    measuring_ = false;
    stopping_ = true;
    result_.seconds = std::chrono::duration<double>(end - window_start_).count();
    if (result_.seconds > 0) result_.loadgen_busy = (own_cpu_seconds() - own_cpu_at_start_) / result_.seconds;
    if (o_.server_pid > 0) {
      const auto cpu = process_cpu_seconds(o_.server_pid);
      if (cpu >= 0 && cpu_at_start_ >= 0) result_.server_cpu_seconds = cpu - cpu_at_start_;
      result_.server_rss_kb = status_kb(o_.server_pid, "VmRSS");
      result_.server_peak_rss_kb = status_kb(o_.server_pid, "VmHWM");
    }
    for (const auto& u : users_)
      if (u->busy && end - u->started > kHungAfter) fail_in_window("no answer within 1 s");
    ioc_.stop();  // transactions still in flight are abandoned, not counted
  }

  void fail_in_window(const std::string& why) {
    ++result_.failures;
    if (result_.failure_samples.size() < kMaxFailureSamples) result_.failure_samples.push_back(why);
  }

  void start(User& u) {
    u.busy = false;
    if (stopping_) return;
    if (o_.rate > 0 && Clock::now() < u.due) {
      u.pause.expires_at(u.due);
      u.pause.async_wait([this, &u](beast::error_code ec) {
        if (!ec) begin_transaction(u);
      });
      return;
    }
    begin_transaction(u);
  }

  void begin_transaction(User& u) {
    if (stopping_) return;
    u.tx = scenario_.start();
    if (!u.tx) {
      result_.inputs_exhausted = true;
      return;
    }
    u.busy = true;
    u.started = Clock::now();
    if (o_.rate > 0) {
      u.started = std::min(u.started, u.due);  // late: the wait for the server's capacity is latency too
      u.due += interval_;
    }
    u.requests = 0;
    send(u, u.tx->first());
  }

  void finish(User& u, const Step& step) {
    if (single_) {
      single_done_ = true;
      if (step.kind == Step::Kind::failed) single_result_.failure = step.reason;
      ioc_.stop();
      return;
    }
    const auto now = Clock::now();
    if (step.kind == Step::Kind::failed) {
      fail_in_window(step.reason);  // warm-up failures count too: the run fails either way
    } else if (measuring_) {
      ++result_.transactions;
      result_.requests += u.requests;
      result_.latencies_us.push_back(
          static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - u.started).count()));
    }
    if (step.kind == Step::Kind::failed) {
      u.busy = false;
      u.pause.expires_after(kRetryPause);
      u.pause.async_wait([this, &u](beast::error_code ec) {
        if (!ec) start(u);
      });
      return;
    }
    start(u);
  }

  void io_failure(User& u, const char* what, const beast::error_code& ec) {
    close(u.connections[u.endpoint]);
    finish(u, Step::fail(std::string(what) + ": " + ec.message()));
  }

  static void close(Connection& c) {
    if (!c.stream) return;
    beast::error_code ignored;
    beast::get_lowest_layer(*c.stream).socket().close(ignored);
    c.stream.reset();
    c.buffer.clear();
  }

  void send(User& u, const Request& r) {
    u.endpoint = r.endpoint == Endpoint::tls ? 0 : 1;
    auto& req = u.request;
    req = {};
    req.method(r.method == "POST" ? bhttp::verb::post : bhttp::verb::get);
    req.target(r.target);
    req.version(11);
    req.set(bhttp::field::host, o_.tls.server_name + ":" + std::to_string(endpoints_[u.endpoint].port()));
    req.set(bhttp::field::user_agent, "fapid-loadgen");
    req.set(bhttp::field::accept, "application/json");
    if (!r.cookie.empty()) req.set(bhttp::field::cookie, r.cookie);
    if (!r.form.empty() || r.method == "POST") {
      req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
      req.body() = r.form;
    }
    req.prepare_payload();
    ++u.requests;
    auto& c = u.connections[u.endpoint];
    if (c.stream) return write(u);
    c.stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc_, tls_);
    SSL_set_tlsext_host_name(c.stream->native_handle(), o_.tls.server_name.c_str());
    c.stream->set_verify_callback(ssl::host_name_verification(o_.tls.server_name));
    ++result_.connections_opened;
    beast::get_lowest_layer(*c.stream).async_connect(endpoints_[u.endpoint], [this, &u](beast::error_code ec) {
      if (ec) return io_failure(u, "connect", ec);
      beast::get_lowest_layer(*u.connections[u.endpoint].stream).socket().set_option(tcp::no_delay(true));
      u.connections[u.endpoint].stream->async_handshake(ssl::stream_base::client, [this, &u](beast::error_code ec2) {
        if (ec2) return io_failure(u, "handshake", ec2);
        write(u);
      });
    });
  }

  void write(User& u) {
    bhttp::async_write(*u.connections[u.endpoint].stream, u.request, [this, &u](beast::error_code ec, std::size_t) {
      if (ec) return io_failure(u, "write", ec);
      read(u);
    });
  }

  void read(User& u) {
    u.parser.emplace();
    u.parser->body_limit(kMaxBodyBytes);
    auto& c = u.connections[u.endpoint];
    bhttp::async_read(*c.stream, c.buffer, *u.parser, [this, &u](beast::error_code ec, std::size_t) {
      if (ec) return io_failure(u, "read", ec);
      on_response(u);
    });
  }

  void on_response(User& u) {
    auto message = u.parser->release();
    Response r;
    r.status = message.result_int();
    r.content_type = std::string(message[bhttp::field::content_type]);
    r.location = std::string(message[bhttp::field::location]);
    for (auto it = message.find(bhttp::field::set_cookie); it != message.end() && it->name() == bhttp::field::set_cookie; ++it)
      r.set_cookies.emplace_back(it->value());
    r.body = std::move(message.body());
    if (!message.keep_alive() || scenario_.fresh_connection()) close(u.connections[u.endpoint]);
    Step step;
    try {
      step = u.tx->on_response(r);
    } catch (const std::exception& e) {  // e.g. a JSON member of an unexpected type
      step = Step::fail(std::string("malformed answer: ") + e.what());
    }
    if (step.kind == Step::Kind::request) return send(u, step.request);
    finish(u, step);
  }

  Scenario& scenario_;
  const DriverOptions& o_;
  net::io_context ioc_{1};
  ssl::context tls_;
  tcp::endpoint endpoints_[2];
  net::steady_timer warmup_timer_;
  net::steady_timer end_timer_;
  std::vector<std::unique_ptr<User>> users_;
  RunResult result_;
  Clock::time_point window_start_;
  double cpu_at_start_ = -1;
  double own_cpu_at_start_ = 0;
  Clock::duration interval_{};
  bool measuring_ = false;
  bool stopping_ = false;
  bool single_ = false;
  bool single_done_ = false;
  SingleResult single_result_;
};

}  // namespace

RunResult run_load(Scenario& scenario, const DriverOptions& options) { return Driver(scenario, options).run(); }

SingleResult run_once(const Request& request, const DriverOptions& options) {
  class Unused final : public Scenario {
    std::unique_ptr<Transaction> start() override { return nullptr; }
  } unused;
  return Driver(unused, options).run_single(request);
}

}  // namespace fapid::bench
