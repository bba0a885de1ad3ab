#pragma once
// Request counters and latency histograms per route, connection gauges and rejection counters,
// rendered in the Prometheus text exposition format 0.0.4. Recording is lock-free after a route's
// first request (one shared-lock lookup, then relaxed atomic increments), so it stays off the
// profile at 10k+ req/s. Route labels are router paths or "unmatched": cardinality is bounded.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace fapid::http {

// Why the server refused or cut a request or connection.
enum class Rejection : std::uint8_t {
  header_too_large,
  body_too_large,
  timeout,
  smuggling,
  bad_request,  // unparseable HTTP
  queue_full,
  tls_handshake,
  max_connections,
};
inline constexpr std::size_t kRejectionCount = 8;
std::string_view to_string(Rejection r);
std::string_view to_string(Listener l);

// Prometheus default-style buckets, in seconds.
inline constexpr std::array<double, 14> kLatencyBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,    0.25,  0.5,    1,     2.5,   5,    10};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void record(std::string_view route_label, Method method, int status, std::chrono::nanoseconds latency);
  void reject(Rejection reason) { rejections_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed); }
  void connection_opened(Listener l) { open_[index(l)].fetch_add(1, std::memory_order_relaxed); }
  void connection_closed(Listener l) { open_[index(l)].fetch_sub(1, std::memory_order_relaxed); }
  void set_queue_depth(std::size_t depth) { queue_depth_.store(depth, std::memory_order_relaxed); }

  std::int64_t open_connections(Listener l) const { return open_[index(l)].load(std::memory_order_relaxed); }
  std::uint64_t rejections(Rejection r) const {
    return rejections_[static_cast<std::size_t>(r)].load(std::memory_order_relaxed);
  }

  // An OAuth error returned by an endpoint (issue 4: every rejection is counted). Labels are the route
  // and the error code: both from closed sets, so cardinality stays bounded.
  void oauth_error(std::string_view route, std::string_view error);
  std::uint64_t oauth_errors(std::string_view route, std::string_view error) const;
  std::string render_prometheus() const;

 private:
  struct RouteStats;
  static std::size_t index(Listener l);
  RouteStats& stats_for(std::string_view route);

  mutable std::shared_mutex routes_mutex_;
  std::map<std::string, std::unique_ptr<RouteStats>, std::less<>> routes_;
  std::array<std::atomic<std::uint64_t>, kRejectionCount> rejections_{};
  std::array<std::atomic<std::int64_t>, 3> open_{};
  mutable std::mutex errors_mutex_;
  std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>> errors_;
  std::atomic<std::size_t> queue_depth_{0};
};

// A label value escaped per the exposition format: backslash, double quote and line feed.
std::string escape_label_value(std::string_view v);

}  // namespace fapid::http
