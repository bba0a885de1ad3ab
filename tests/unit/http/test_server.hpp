#pragma once
// A real Server on loopback (ports 0) with a throwaway PKI and a few test routes, run on a thread.
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

#include "http/ops_routes.hpp"
#include "http/responses.hpp"
#include "http/server.hpp"
#include "http/tls_context.hpp"
#include "log/logger.hpp"
#include "test_pki.hpp"

namespace fapid::test {

using namespace std::chrono_literals;
using http::Listener;

inline config::Server test_config() {
  config::Server c;
  c.tls = {"127.0.0.1", 0};
  c.mtls = {"127.0.0.1", 0};
  c.ops = {"127.0.0.1", 0};
  c.tls_files = {pki().server_cert, pki().server_key, pki().ca_cert};
  c.limits.max_header_bytes = 4096;
  c.limits.max_body_bytes = 1024;
  c.limits.header_timeout = 1s;
  c.limits.body_timeout = 1s;
  c.limits.keep_alive_timeout = 2s;
  c.limits.handshake_timeout = 2s;
  c.limits.write_timeout = 2s;
  c.threads = {2, 2, 8};
  c.shutdown_grace = 3s;
  return c;
}

class TestServer {
 public:
  explicit TestServer(std::function<void(config::Server&)> customise = {}) {
    log::set_level(log::Level::warn);
    auto cfg = test_config();
    if (customise) customise(cfg);
    auto loaded = http::TlsContexts::load(cfg.tls_files);
    if (!loaded.contexts) throw std::runtime_error("test TLS contexts: " + loaded.errors.front());
    add_routes();
    server_ = std::make_unique<http::Server>(cfg, loaded.contexts, router_, metrics_);
    server_->start();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~TestServer() {
    open_gate();
    stop();
  }

  void stop() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }
  std::uint16_t port(Listener l) const { return server_->port(l); }
  http::Metrics& metrics() { return metrics_; }
  void open_gate() {
    if (!gate_opened_.exchange(true)) gate_.set_value();
  }
  bool wait_started(int n) {  // worker handlers that have begun
    for (int i = 0; i < 500 && started_.load() < n; ++i) std::this_thread::sleep_for(10ms);
    return started_.load() >= n;
  }
  std::atomic<bool> ready{false};

 private:
  void add_routes() {
    using http::Execution;
    using http::Method;
    using http::Request;
    const auto all = http::listeners({Listener::tls, Listener::mtls, Listener::ops});
    router_.add({"/hello", {Method::get}, all, Execution::inline_,
                 [](const Request&) { return http::text(200, "hello", "text/plain", http::Cache::no_store); }});
    router_.add({"/echo", {Method::post}, all, Execution::inline_, [](const Request& r) {
                   return http::text(200, std::to_string(r.body.size()), "text/plain", http::Cache::no_store);
                 }});
    router_.add({"/whoami", {Method::get}, http::listeners({Listener::tls, Listener::mtls}), Execution::inline_,
                 [](const Request& r) {
                   std::string who = r.peer.certificate
                                         ? r.peer.certificate->sha256_b64url + "|" + r.peer.certificate->subject_dn
                                         : "none";
                   return http::text(200, who, "text/plain", http::Cache::no_store);
                 }});
    router_.add({"/slow", {Method::get}, all, Execution::worker, [this](const Request&) {
                   ++started_;
                   std::this_thread::sleep_for(300ms);
                   return http::text(200, "slow done", "text/plain", http::Cache::no_store);
                 }});
    router_.add({"/block", {Method::get}, all, Execution::worker, [this](const Request&) {
                   ++started_;
                   opened_.wait();
                   return http::text(200, "unblocked", "text/plain", http::Cache::no_store);
                 }});
    router_.add({"/throw", {Method::get}, all, Execution::inline_,
                 [](const Request&) -> http::Response { throw std::runtime_error("secret detail"); }});
    http::add_ops_routes(router_, metrics_, [this] { return ready.load(); });
  }

  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::atomic<int> started_{0};
  std::promise<void> gate_;
  std::shared_future<void> opened_ = gate_.get_future().share();
  std::atomic<bool> gate_opened_{false};
};

}  // namespace fapid::test
