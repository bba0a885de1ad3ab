#include "http/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <stdexcept>
#include <thread>

#include "http/server_session.hpp"

namespace fapid::http {

void Server::Impl::accept(Listener l) {
  acceptors[slot(l)]->async_accept(net::make_strand(ioc), [this, l](error_code ec, tcp::socket socket) {
    on_accept(l, ec, std::move(socket));
  });
}

void Server::Impl::on_accept(Listener l, error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || stopping.load()) return;
  if (ec) {  // e.g. EMFILE: back off instead of spinning
    log::warn("accept_failed", {{"listener", to_string(l)}, {"reason", ec.message()}});
    auto& timer = accept_retry[slot(l)];
    timer.emplace(acceptors[slot(l)]->get_executor(), kAcceptRetry);
    timer->async_wait([this, l](error_code e) {
      if (!e && !stopping.load()) accept(l);
    });
    return;
  }
  accept(l);
  auto& count = connections[slot(l)];
  if (count.fetch_add(1) >= cfg.limits.max_connections) {
    count.fetch_sub(1);
    metrics.reject(Rejection::max_connections);
    error_code ignored;
    socket.close(ignored);
    return;
  }
  error_code rec;
  auto remote = socket.remote_endpoint(rec);
  std::string address = rec ? std::string() : remote.address().to_string();
  std::shared_ptr<SessionBase> session;
  std::uint64_t id = 0;
  if (l == Listener::ops) {
    auto s = std::make_shared<Session<beast::tcp_stream>>(*this, l, std::move(address), std::move(socket));
    id = register_session(s);
    s->start(id);
  } else {
    auto& ctx = l == Listener::tls ? tls->server_tls() : tls->mtls();
    auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, l, std::move(address),
                                                                             std::move(socket), ctx);
    id = register_session(s);
    s->start(id);
  }
}

void Server::Impl::begin_shutdown() {
  stopping = true;
  if (shutdown_begun.exchange(true)) return;
  net::post(ioc, [this] {
    log::info("server_stopping", {{"open_connections", live_connections()}});
    for (auto l : kListeners) {
      auto& a = acceptors[slot(l)];
      if (!a) continue;
      net::post(a->get_executor(), [this, l] {
        error_code ignored;
        acceptors[slot(l)]->close(ignored);
        if (auto& t = accept_retry[slot(l)]) t->cancel();
      });
    }
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      std::lock_guard lock(sessions_mutex);
      for (auto& [id, weak] : sessions)
        if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) s->shutdown();
    drain(SteadyClock::now() + cfg.shutdown_grace);
  });
}

void Server::Impl::drain(SteadyClock::time_point deadline) {
  const auto open = live_connections();
  if (open == 0 || SteadyClock::now() >= deadline) {
    if (open != 0) log::warn("shutdown_grace_expired", {{"open_connections", open}});
    ioc.stop();
    return;
  }
  drain_timer.emplace(ioc, kShutdownPoll);
  drain_timer->async_wait([this, deadline](error_code) { drain(deadline); });
}

Server::Server(const config::Server& cfg, std::shared_ptr<const TlsContexts> tls, const Router& router,
               Metrics& metrics)
    : impl_(std::make_unique<Impl>(cfg, std::move(tls), router, metrics)) {
  if (!impl_->tls) throw std::invalid_argument("Server needs TLS contexts");
}

Server::~Server() = default;

void Server::start() {
  auto& impl = *impl_;
  for (auto l : kListeners) {
    const auto& ep = l == Listener::tls ? impl.cfg.tls : l == Listener::mtls ? impl.cfg.mtls : impl.cfg.ops;
    const std::string where = std::string(to_string(l)) + " listener on " + ep.address + ":" + std::to_string(ep.port);
    try {
      tcp::resolver resolver(impl.ioc);
      auto results = resolver.resolve(ep.address, std::to_string(ep.port), tcp::resolver::passive);
      if (results.empty()) throw std::runtime_error("address does not resolve");
      const tcp::endpoint endpoint = *results.begin();
      auto& acceptor = impl.acceptors[slot(l)];
      acceptor.emplace(net::make_strand(impl.ioc));  // accept, retry and close never race
      acceptor->open(endpoint.protocol());
      acceptor->set_option(net::socket_base::reuse_address(true));
      acceptor->bind(endpoint);
      acceptor->listen(net::socket_base::max_listen_connections);
      impl.ports[slot(l)] = acceptor->local_endpoint().port();
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot bind the " + where + ": " + e.what());
    }
    log::info("listener_bound", {{"listener", to_string(l)}, {"address", ep.address}, {"port", impl.ports[slot(l)]}});
  }
  impl.pool.emplace(std::max(1u, impl.cfg.threads.workers), impl.cfg.threads.queue);
  for (auto l : kListeners) impl.accept(l);
}

std::uint16_t Server::port(Listener listener) const { return impl_->ports[slot(listener)]; }

void Server::run() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.run_mutex);
    impl.running = true;
  }
  net::signal_set signals(impl.ioc, SIGINT, SIGTERM);
  signals.async_wait([&impl](error_code ec, int signo) {
    if (ec) return;
    log::info("signal_received", {{"signal", signo}});
    impl.begin_shutdown();
  });
  if (impl.stopping) impl.begin_shutdown();  // stop() came before run()
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < impl.cfg.threads.io; ++i) threads.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& t : threads) t.join();
  if (impl.pool) impl.pool->stop();
  log::info("server_stopped");
  {
    std::lock_guard lock(impl.run_mutex);
    impl.running = false;
  }
  impl.run_cv.notify_all();
}

void Server::stop() {
  auto& impl = *impl_;
  std::unique_lock lock(impl.run_mutex);
  if (!impl.running) {
    impl.stopping = true;
    for (auto& a : impl.acceptors) {
      error_code ignored;
      if (a) a->close(ignored);
    }
    return;
  }
  lock.unlock();
  impl.begin_shutdown();
  lock.lock();
  impl.run_cv.wait(lock, [&] { return !impl.running; });
}

}  // namespace fapid::http
