#pragma once
// Drives a Scenario over real TLS from one thread: `concurrency` virtual users, each with its own
// keep-alive connections to the two listeners, each starting its next transaction as soon as the last
// one ends (a closed loop). Only transactions that end inside the measured window count.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace fapid::bench {

struct TlsClientFiles {
  std::string ca_file;           // trust anchor of the server certificate
  std::string certificate_file;  // client certificate (presented on both listeners; only mTLS asks)
  std::string private_key_file;
  std::string server_name;       // SNI and the name checked in the server certificate
};

struct DriverOptions {
  std::string host = "127.0.0.1";
  unsigned short tls_port = 0;
  unsigned short mtls_port = 0;
  TlsClientFiles tls;
  unsigned concurrency = 16;
  std::chrono::milliseconds warmup{2000};
  std::chrono::milliseconds duration{15000};
  int server_pid = 0;  // its CPU time is read at the edges of the measured window
  // > 0: an open loop at this many transactions per second in all, spread evenly over the users; a
  // transaction's latency then counts from when it was due, so a server that falls behind shows it.
  double rate = 0;
};

struct RunResult {
  std::uint64_t transactions = 0;  // completed and checked inside the window
  std::uint64_t requests = 0;
  std::uint64_t failures = 0;
  std::vector<std::string> failure_samples;  // the first few reasons
  bool inputs_exhausted = false;
  double seconds = 0;
  std::vector<std::uint32_t> latencies_us;  // one per transaction in the window
  double server_cpu_seconds = -1;           // utime + stime over the window; -1 when unknown
  long server_rss_kb = -1;                  // at the end of the window
  long server_peak_rss_kb = -1;             // VmHWM
  std::uint64_t connections_opened = 0;
  // The load generator's own CPU over the window, as a share of its one core: near 1 means the rate
  // measured is the load generator's limit, not the server's.
  double loadgen_busy = -1;
};

RunResult run_load(Scenario& scenario, const DriverOptions& options);

// One transaction on a fresh connection, before any load: the set-up steps (the token to introspect).
// The final response, or the failure reason in `failure`.
struct SingleResult {
  Response response;
  std::string failure;
};
SingleResult run_once(const Request& request, const DriverOptions& options);

}  // namespace fapid::bench
