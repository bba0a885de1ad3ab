#include "http/metrics.hpp"

#include <cstdio>
#include <mutex>

namespace fapid::http {

namespace {

constexpr std::size_t kMethods = 8;     // every value of Method
constexpr int kMinStatus = 100;
constexpr std::size_t kStatuses = 500;  // 100..599; anything else is counted as 500

constexpr std::array<Method, kMethods> kAllMethods{Method::get,   Method::head, Method::post,    Method::put,
                                                   Method::patch, Method::del,  Method::options, Method::other};

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", s);
  return buf;
}

}  // namespace

struct Metrics::RouteStats {
  std::array<std::array<std::atomic<std::uint64_t>, kStatuses>, kMethods> requests{};
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> buckets{};  // last: +Inf
  std::atomic<std::uint64_t> sum_ns{0};
};

std::string_view to_string(Rejection r) {
  switch (r) {
    case Rejection::header_too_large: return "header_too_large";
    case Rejection::body_too_large: return "body_too_large";
    case Rejection::timeout: return "timeout";
    case Rejection::smuggling: return "smuggling";
    case Rejection::bad_request: return "bad_request";
    case Rejection::queue_full: return "queue_full";
    case Rejection::tls_handshake: return "tls_handshake";
    case Rejection::max_connections: return "max_connections";
  }
  return "unknown";
}

std::string_view to_string(Listener l) {
  switch (l) {
    case Listener::tls: return "tls";
    case Listener::mtls: return "mtls";
    case Listener::ops: return "ops";
  }
  return "unknown";
}

std::size_t Metrics::index(Listener l) {
  switch (l) {
    case Listener::tls: return 0;
    case Listener::mtls: return 1;
    case Listener::ops: return 2;
  }
  return 0;
}

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::RouteStats& Metrics::stats_for(std::string_view route) {
  {
    std::shared_lock lock(routes_mutex_);
    if (auto it = routes_.find(route); it != routes_.end()) return *it->second;
  }
  std::unique_lock lock(routes_mutex_);
  auto [it, inserted] = routes_.try_emplace(std::string(route), nullptr);
  if (inserted) it->second = std::make_unique<RouteStats>();
  return *it->second;
}

void Metrics::record(std::string_view route_label, Method method, int status, std::chrono::nanoseconds latency) {
  auto& s = stats_for(route_label);
  const auto status_index = (status >= kMinStatus && status < kMinStatus + static_cast<int>(kStatuses))
                                ? static_cast<std::size_t>(status - kMinStatus)
                                : static_cast<std::size_t>(500 - kMinStatus);
  s.requests[static_cast<std::size_t>(method)][status_index].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(latency).count();
  std::size_t b = 0;
  while (b < kLatencyBuckets.size() && seconds > kLatencyBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<std::uint64_t>(latency.count() < 0 ? 0 : latency.count()), std::memory_order_relaxed);
}

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

void Metrics::oauth_error(std::string_view route, std::string_view error) {
  const std::lock_guard lock(errors_mutex_);
  ++errors_[{std::string(route), std::string(error)}];
}

std::uint64_t Metrics::oauth_errors(std::string_view route, std::string_view error) const {
  const std::lock_guard lock(errors_mutex_);
  const auto it = errors_.find(std::pair<std::string, std::string>(route, error));
  return it == errors_.end() ? 0 : it->second;
}

std::string Metrics::render_prometheus() const {
  std::string out;
  {
    const std::lock_guard lock(errors_mutex_);
    out += "# HELP fapid_oauth_errors_total OAuth errors returned, by route and error code.\n";
    out += "# TYPE fapid_oauth_errors_total counter\n";
    for (const auto& [key, n] : errors_)
      out += "fapid_oauth_errors_total{route=\"" + escape_label_value(key.first) + "\",error=\"" +
             escape_label_value(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  std::shared_lock lock(routes_mutex_);

  out += "# HELP fapid_http_requests_total HTTP requests answered, by route, method and status.\n";
  out += "# TYPE fapid_http_requests_total counter\n";
  for (const auto& [route, s] : routes_) {
    const auto label = escape_label_value(route);
    for (std::size_t m = 0; m < kMethods; ++m)
      for (std::size_t st = 0; st < kStatuses; ++st)
        if (auto n = s->requests[m][st].load(std::memory_order_relaxed); n != 0)
          out += "fapid_http_requests_total{route=\"" + label + "\",method=\"" +
                 std::string(to_string(kAllMethods[m])) + "\",status=\"" +
                 std::to_string(kMinStatus + static_cast<int>(st)) + "\"} " + std::to_string(n) + "\n";
  }

  out += "# HELP fapid_http_request_duration_seconds Time from the first byte of a request to its response.\n";
  out += "# TYPE fapid_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : routes_) {
    const auto prefix = "fapid_http_request_duration_seconds_bucket{route=\"" + escape_label_value(route) + "\",le=\"";
    // _count is the +Inf bucket, so the two agree even while other threads record.
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kLatencyBuckets.size(); ++b) {
      cumulative += s->buckets[b].load(std::memory_order_relaxed);
      out += prefix + format_seconds(kLatencyBuckets[b]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    cumulative += s->buckets.back().load(std::memory_order_relaxed);
    out += prefix + "+Inf\"} " + std::to_string(cumulative) + "\n";
    const auto label = "{route=\"" + escape_label_value(route) + "\"} ";
    out += "fapid_http_request_duration_seconds_sum" + label +
           format_seconds(static_cast<double>(s->sum_ns.load(std::memory_order_relaxed)) / 1e9) + "\n";
    out += "fapid_http_request_duration_seconds_count" + label + std::to_string(cumulative) + "\n";
  }

  out += "# HELP fapid_http_open_connections Connections currently open, by listener.\n";
  out += "# TYPE fapid_http_open_connections gauge\n";
  for (auto l : {Listener::tls, Listener::mtls, Listener::ops})
    out += "fapid_http_open_connections{listener=\"" + std::string(to_string(l)) + "\"} " +
           std::to_string(open_connections(l)) + "\n";

  out += "# HELP fapid_http_worker_queue_depth Tasks waiting for a worker thread.\n";
  out += "# TYPE fapid_http_worker_queue_depth gauge\n";
  out += "fapid_http_worker_queue_depth " + std::to_string(queue_depth_.load(std::memory_order_relaxed)) + "\n";

  out += "# HELP fapid_http_rejections_total Requests and connections refused or cut, by reason.\n";
  out += "# TYPE fapid_http_rejections_total counter\n";
  for (std::size_t r = 0; r < kRejectionCount; ++r)
    out += "fapid_http_rejections_total{reason=\"" + std::string(to_string(static_cast<Rejection>(r))) + "\"} " +
           std::to_string(rejections_[r].load(std::memory_order_relaxed)) + "\n";
  return out;
}

}  // namespace fapid::http
