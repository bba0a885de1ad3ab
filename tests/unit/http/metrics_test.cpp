#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <thread>
#include <vector>

namespace fapid::http {
namespace {

using namespace std::chrono_literals;

// Parses the exposition text back: "name{labels} value" lines; checks every sample has a TYPE.
std::map<std::string, double> parse(const std::string& text) {
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_FALSE(line.empty());
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream t(line.substr(7));
      std::string name, type;
      t >> name >> type;
      types[name] = type;
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0) continue;
    const auto space = line.rfind(' ');
    EXPECT_NE(space, std::string::npos) << line;
    const auto key = line.substr(0, space);
    const auto name = key.substr(0, key.find('{'));
    bool typed = false;
    for (const auto& [family, type] : types)
      if (name == family || (type == "histogram" && name.rfind(family, 0) == 0)) typed = true;
    EXPECT_TRUE(typed) << "no # TYPE before " << name;
    samples[key] = std::stod(line.substr(space + 1));
  }
  return samples;
}

TEST(Metrics, CountsRequestsByRouteMethodAndStatus) {
  Metrics m;
  m.record("/auth/token", Method::post, 200, 2ms);
  m.record("/auth/token", Method::post, 200, 3ms);
  m.record("/auth/token", Method::post, 400, 1ms);
  m.record("unmatched", Method::get, 404, 100us);
  auto s = parse(m.render_prometheus());
  EXPECT_EQ(s[R"(fapid_http_requests_total{route="/auth/token",method="POST",status="200"})"], 2);
  EXPECT_EQ(s[R"(fapid_http_requests_total{route="/auth/token",method="POST",status="400"})"], 1);
  EXPECT_EQ(s[R"(fapid_http_requests_total{route="unmatched",method="GET",status="404"})"], 1);
}

TEST(Metrics, HistogramBucketsAreCumulativeAndCountMatchesInf) {
  Metrics m;
  m.record("/r", Method::get, 200, 300us);   // <= 0.0005
  m.record("/r", Method::get, 200, 4ms);     // <= 0.005
  m.record("/r", Method::get, 200, 4ms);
  m.record("/r", Method::get, 200, 20s);     // only +Inf
  auto s = parse(m.render_prometheus());
  const std::string b = R"(fapid_http_request_duration_seconds_bucket{route="/r",le=")";
  EXPECT_EQ(s[b + R"(0.0005"})"], 1);
  EXPECT_EQ(s[b + R"(0.0025"})"], 1);
  EXPECT_EQ(s[b + R"(0.005"})"], 3);
  EXPECT_EQ(s[b + R"(10"})"], 3);
  EXPECT_EQ(s[b + R"(+Inf"})"], 4);
  EXPECT_EQ(s[R"(fapid_http_request_duration_seconds_count{route="/r"})"], 4);
  EXPECT_NEAR(s[R"(fapid_http_request_duration_seconds_sum{route="/r"})"], 20.0083, 1e-6);
  double previous = 0;
  for (double le : kLatencyBuckets) {
    std::ostringstream key;
    key << b << le << "\"}";
    ASSERT_TRUE(s.count(key.str())) << key.str();
    EXPECT_GE(s[key.str()], previous);
    previous = s[key.str()];
  }
}

TEST(Metrics, GaugesAndRejectionCounters) {
  Metrics m;
  m.connection_opened(Listener::mtls);
  m.connection_opened(Listener::mtls);
  m.connection_closed(Listener::mtls);
  m.set_queue_depth(7);
  m.reject(Rejection::smuggling);
  m.reject(Rejection::queue_full);
  m.reject(Rejection::queue_full);
  auto s = parse(m.render_prometheus());
  EXPECT_EQ(s[R"(fapid_http_open_connections{listener="mtls"})"], 1);
  EXPECT_EQ(s[R"(fapid_http_open_connections{listener="tls"})"], 0);
  EXPECT_EQ(s["fapid_http_worker_queue_depth"], 7);
  EXPECT_EQ(s[R"(fapid_http_rejections_total{reason="smuggling"})"], 1);
  EXPECT_EQ(s[R"(fapid_http_rejections_total{reason="queue_full"})"], 2);
  EXPECT_EQ(s[R"(fapid_http_rejections_total{reason="tls_handshake"})"], 0);
}

TEST(Metrics, EscapesLabelValues) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  Metrics m;
  m.record("/x\"y", Method::get, 200, 1ms);
  EXPECT_NE(m.render_prometheus().find(R"(route="/x\"y")"), std::string::npos);
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 10000; ++i) m.record(t % 2 ? "/a" : "/b", Method::get, 200, 1ms);
    });
  for (auto& t : threads) t.join();
  auto s = parse(m.render_prometheus());
  EXPECT_EQ(s[R"(fapid_http_requests_total{route="/a",method="GET",status="200"})"], 20000);
  EXPECT_EQ(s[R"(fapid_http_request_duration_seconds_count{route="/b"})"], 20000);
}

}  // namespace
}  // namespace fapid::http
