#pragma once
// The three listeners: server-TLS (browser-facing), mTLS (client-authenticating endpoints) and plain
// HTTP for operations. Beast and Asio stay in server.cpp; handlers only see Request and Response.
#include <cstdint>
#include <memory>

#include "config/config.hpp"
#include "http/metrics.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "http/tls_context.hpp"

namespace fapid::http {

class Server {
 public:
  // `router` and `metrics` must outlive the server.
  Server(const config::Server& cfg, std::shared_ptr<const TlsContexts> tls, const Router& router, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the three listeners; throws std::runtime_error naming the listener and address on failure.
  void start();
  // The bound port (differs from the configured one when that was 0). Valid after start().
  std::uint16_t port(Listener listener) const;
  // Serves on threads.io threads (this one included) and the worker pool until stop() or SIGTERM/SIGINT,
  // then returns normally after the graceful drain.
  void run();
  // Graceful stop from any thread but a handler: stop accepting, close idle keep-alive connections,
  // let in-flight requests finish and their responses be written, waiting at most shutdown_grace.
  // Returns once run() has returned (at once if run() is not running).
  void stop();

  struct Impl;  // opaque; public only so the session template in server.cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace fapid::http
