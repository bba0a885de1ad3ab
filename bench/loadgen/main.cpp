// fapid-loadgen: one scenario against one server at one or more concurrency levels, one JSON line per level
// (a point of bench/run). See bench/README.md.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string_view>
#include <map>
#include <sched.h>
#include <thread>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include "config/config.hpp"
#include "driver.hpp"
#include "jose/base64url.hpp"
#include "jose/key_store.hpp"
#include "scenario.hpp"

namespace {

using namespace fapid::bench;
using nlohmann::json;


const std::map<std::string, std::string> kDefaults{
    {"host", "127.0.0.1"}, {"server-name", "localhost"}, {"concurrency", "16"}, {"warmup", "2"},
    {"duration", "15"},    {"server-pid", "0"},          {"cpu", "-1"},         {"pregen-threads", "2"},
    {"assertions", "0"},   {"scope", "consents"},        {"label", ""},         {"bound", "1"},
    {"rate", "0"},         {"assertion-lifetime", "240"},  // under fapid's 300 s ceiling; a point lasts < 1 minute
};

constexpr std::string_view kUsage = R"(usage: fapid-loadgen --scenario NAME --tls-port P --ca FILE [options]
One scenario against one server, one JSON line on stdout per concurrency level; exit 0 when every answer
was right, 3 when a point failed, 2 on a usage or set-up error. bench/run passes these for both servers.

  --scenario discovery|jwks|cc-jwt|cc-mtls|cc-opaque|introspect|flow|handshake
  --host ADDR (127.0.0.1)   --tls-port P   --mtls-port P (the TLS port)   --server-name localhost
  --ca FILE   --cert FILE --key FILE (client certificate, presented on every connection)
  --concurrency 16[,64...]   --warmup SECONDS (2)   --duration SECONDS (15)   --rate PER_SECOND (0: closed loop)
  --server-pid PID (its CPU time and RSS are read)   --cpu N (pin to this core after signing the assertions)
  --issuer URL   --discovery-path --jwks-path --token-path --introspection-path --par-path --authorize-path
  --interaction-path PATH (POST id=... there; without it the flow follows redirects with cookies)
  --client-id ID   --scope "a b"   --redirect-uri URL   --bound 0|1 (expect cnf.x5t#S256 in JWT access tokens)
  --assertion-key PEM --assertion-kid KID --assertion-aud AUD --assertions N --pregen-threads 2 (cc-jwt)
  --assertion-lifetime SECONDS (240; shorter makes the server sweep their jtis sooner)
)";

std::map<std::string, std::string> parse_args(int argc, char** argv) {
  auto args = kDefaults;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      std::exit(0);
    }
    if (a.rfind("--", 0) != 0 || i + 1 >= argc) throw std::runtime_error("expected --name value, got " + a + " (see --help)");
    args[a.substr(2)] = argv[++i];
  }
  return args;
}

std::string need(const std::map<std::string, std::string>& args, const std::string& key) {
  const auto it = args.find(key);
  if (it == args.end() || it->second.empty()) throw std::runtime_error("--" + key + " is required");
  return it->second;
}

std::string opt(const std::map<std::string, std::string>& args, const std::string& key) {
  const auto it = args.find(key);
  return it == args.end() ? std::string() : it->second;
}

// Client assertions (RFC 7523), signed before the run on every core so that the client's signing cost is
// not charged to the measured window. Unique jti: a random prefix per run and a counter.
std::vector<std::string> pregenerate_assertions(const std::map<std::string, std::string>& args, std::size_t count,
                                                unsigned threads) {
  fapid::config::KeyFile file{need(args, "assertion-kid"), fapid::config::KeyUse::sig, "PS256", need(args, "assertion-key"), true};
  auto load = fapid::jose::KeyStore::load({file});
  if (!load.keys) throw std::runtime_error("assertion key: " + (load.errors.empty() ? "unreadable" : load.errors[0]));
  const std::string client_id = need(args, "client-id");
  const std::string audience = need(args, "assertion-aud");
  const long lifetime = std::stol(need(args, "assertion-lifetime"));
  unsigned char prefix_bytes[9];
  RAND_bytes(prefix_bytes, sizeof prefix_bytes);
  const std::string prefix = fapid::jose::base64url_encode(std::string_view(reinterpret_cast<char*>(prefix_bytes), sizeof prefix_bytes));
  const long now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<std::string> out(count);
  std::vector<std::thread> workers;
  std::atomic<bool> failed{false};
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (std::size_t i = t; i < count; i += threads) {
        json claims{{"iss", client_id}, {"sub", client_id}, {"aud", audience}, {"jti", prefix + "-" + std::to_string(i)},
                    {"iat", now}, {"exp", now + lifetime}};
        auto jws = load.keys->sign(fapid::jose::Alg::PS256, claims.dump(), "");
        if (!jws) {
          failed = true;
          return;
        }
        out[i] = std::move(*jws);
      }
    });
  for (auto& w : workers) w.join();
  if (failed) throw std::runtime_error("signing a client assertion failed");
  return out;
}

double percentile_ms(std::vector<std::uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)] / 1000.0;
}

int run(int argc, char** argv) {
  const auto args = parse_args(argc, argv);
  DriverOptions d;
  d.host = need(args, "host");
  d.tls_port = static_cast<unsigned short>(std::stoi(need(args, "tls-port")));
  d.mtls_port = static_cast<unsigned short>(std::stoi(opt(args, "mtls-port").empty() ? need(args, "tls-port") : opt(args, "mtls-port")));
  d.tls = {need(args, "ca"), opt(args, "cert"), opt(args, "key"), need(args, "server-name")};
  d.rate = std::stod(need(args, "rate"));
  d.warmup = std::chrono::milliseconds(static_cast<long>(std::stod(need(args, "warmup")) * 1000));
  d.duration = std::chrono::milliseconds(static_cast<long>(std::stod(need(args, "duration")) * 1000));
  d.server_pid = std::stoi(need(args, "server-pid"));

  ScenarioOptions s;
  s.name = need(args, "scenario");
  s.issuer = opt(args, "issuer");
  s.discovery_path = opt(args, "discovery-path");
  s.jwks_path = opt(args, "jwks-path");
  s.token_path = opt(args, "token-path");
  s.introspection_path = opt(args, "introspection-path");
  s.par_path = opt(args, "par-path");
  s.authorize_path = opt(args, "authorize-path");
  s.interaction_path = opt(args, "interaction-path");
  s.client_id = opt(args, "client-id");
  s.scope = opt(args, "scope");
  s.redirect_uri = opt(args, "redirect-uri");
  s.expect_certificate_binding = opt(args, "bound") != "0";

  double pregen_seconds = 0;
  if (s.name == "cc-jwt") {
    const auto t0 = std::chrono::steady_clock::now();
    const auto count = std::stoul(need(args, "assertions"));
    s.assertions = pregenerate_assertions(args, count, static_cast<unsigned>(std::stoul(need(args, "pregen-threads"))));
    pregen_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  if (s.name == "introspect") {
    Request token{Endpoint::mtls, "POST", s.token_path,
                  "grant_type=client_credentials&scope=" + form_escape(s.scope) + "&client_id=" + form_escape(s.client_id), {}};
    auto got = run_once(token, d);
    auto check = got.failure.empty() ? check_token_response(got.response, false, false, s.client_id)
                                     : TokenCheck{{}, got.failure};
    if (!check.failure.empty()) throw std::runtime_error("introspect set-up: " + check.failure);
    s.introspected_token = check.access_token;
  }

  if (const int cpu = std::stoi(need(args, "cpu")); cpu >= 0) {  // after pre-generation, which used every core
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) throw std::runtime_error("cannot pin to cpu " + std::to_string(cpu));
  }

  auto scenario = make_scenario(std::move(s));
  if (!scenario) throw std::runtime_error("unknown scenario " + need(args, "scenario"));
  // One line per concurrency level, in order, on one scenario: pre-generated assertions are shared.
  bool all_ok = true;
  std::string levels = need(args, "concurrency");
  while (!levels.empty()) {
    const auto comma = levels.find(',');
    d.concurrency = static_cast<unsigned>(std::stoul(levels.substr(0, comma)));
    levels = comma == std::string::npos ? "" : levels.substr(comma + 1);
    auto r = run_load(*scenario, d);
    std::sort(r.latencies_us.begin(), r.latencies_us.end());
    const double rate = r.seconds > 0 ? static_cast<double>(r.transactions) / r.seconds : 0;
    const bool ok = r.failures == 0 && !r.inputs_exhausted && r.transactions > 0;
    all_ok = all_ok && ok;
    json out{{"scenario", need(args, "scenario")},
             {"label", opt(args, "label")},
             {"concurrency", d.concurrency},
             {"offered_rate", d.rate},
             {"ok", ok},
             {"transactions", r.transactions},
             {"requests", r.requests},
             {"failures", r.failures},
             {"failure_samples", r.failure_samples},
             {"inputs_exhausted", r.inputs_exhausted},
             {"seconds", r.seconds},
             {"rate", rate},
             {"p50_ms", percentile_ms(r.latencies_us, 0.50)},
             {"p99_ms", percentile_ms(r.latencies_us, 0.99)},
             {"max_ms", r.latencies_us.empty() ? 0.0 : r.latencies_us.back() / 1000.0},
             {"server_cpu_s", r.server_cpu_seconds},
             {"cpu_us_per_tx", r.server_cpu_seconds >= 0 && r.transactions > 0
                                   ? r.server_cpu_seconds * 1e6 / static_cast<double>(r.transactions)
                                   : -1.0},
             {"rss_kb", r.server_rss_kb},
             {"peak_rss_kb", r.server_peak_rss_kb},
             {"connections", r.connections_opened},
             {"loadgen_busy", r.loadgen_busy},
             {"pregen_s", pregen_seconds}};
    std::cout << out.dump() << std::endl;
  }
  return all_ok ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "fapid-loadgen: " << e.what() << "\n";
    return 2;
  }
}
