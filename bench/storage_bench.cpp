// Consume-once throughput and latency of each storage adapter (issue 3), beside the raw driver doing
// the same single-use operation, so the figure shows what the adapter layer costs.
//
//   storage_bench [--ops N] [--threads T]
//
// Embedded SQLite always runs (in a temporary file); PostgreSQL and Redis run when FAPID_TEST_POSTGRES_URL
// and FAPID_TEST_REDIS_URL are set (eval "$(scripts/services.sh start)"). Prints one line per case:
// operations per second over all threads, and p50 / p99 latency of one operation.
#include <hiredis/hiredis.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "storage/open_stores.hpp"
#include "storage/token_hash.hpp"

namespace {

using namespace std::chrono_literals;
using fapid::storage::TtlKind;
using Steady = std::chrono::steady_clock;

struct Options {
  int ops = 20000;
  int threads = 4;
};

// Runs `op(i)` for i in [0, ops) spread over `threads`; `op` returns false on a failed operation.
void measure(const char* name, const Options& o, const std::function<bool(int)>& op) {
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(o.threads));
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  const auto started = Steady::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < o.threads; ++t) {
    pool.emplace_back([&, t] {
      auto& mine = latencies[static_cast<std::size_t>(t)];
      for (int i = next++; i < o.ops; i = next++) {
        const auto t0 = Steady::now();
        if (!op(i)) ++failures;
        mine.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
      }
    });
  }
  for (auto& th : pool) th.join();
  const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  const auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p * all.size()))]; };
  std::printf("%-44s %9.0f ops/s   p50 %8.1f us   p99 %8.1f us   failures %d\n", name, o.ops / seconds, pct(0.50),
              pct(0.99), failures.load());
}

std::string key(int i) { return "bench-" + std::to_string(i); }

void bench_ttl(const char* name, fapid::storage::TtlStore& ttl, const Options& o) {
  for (int i = 0; i < o.ops; ++i) (void)ttl.put(TtlKind::authorization_code, key(i), "grant-context", 10min);
  measure(name, o, [&](int i) {
    auto r = ttl.consume(TtlKind::authorization_code, key(i));
    return r.has_value() && r->has_value();
  });
}

// Replay caches: taking fresh random jtis (the check of every private_key_jwt assertion), then the sweep
// of those jtis once they expired, in CPU time per row (the sweep shares the one writer with requests).
void bench_jti_sweep(const char* name, fapid::storage::Stores& stores, const Options& o) {
  const std::string run = std::to_string(getpid()) + "-";
  measure(name, o, [&](int i) {
    // Keyed like the server's: a hash, so each key lands on a random page.
    auto r = stores.ttl->put_if_absent(TtlKind::client_assertion_jti, fapid::storage::hash_token(run + key(i)), "seen", 2s);
    return r.has_value() && *r;
  });
  std::this_thread::sleep_for(2100ms);
  const auto cpu = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return std::chrono::seconds(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           std::chrono::microseconds(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
  };
  const auto cpu0 = cpu();
  const auto wall0 = Steady::now();
  stores.sweep();
  const double cpu_ms = std::chrono::duration<double, std::milli>(cpu() - cpu0).count();
  const double wall_ms = std::chrono::duration<double, std::milli>(Steady::now() - wall0).count();
  std::printf("%-44s %9d rows     %8.1f ms CPU (%.1f us/row), %.1f ms wall\n", "  then sweeping them, expired", o.ops,
              cpu_ms, 1000.0 * cpu_ms / o.ops, wall_ms);
}

void bench_rotation(const char* name, fapid::storage::GrantRepository& repo, const Options& o) {
  using namespace fapid::storage;
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const std::string run = std::to_string(getpid()) + "-" + std::to_string(now.time_since_epoch().count());
  for (int i = 0; i < o.ops; ++i) {
    GrantRecord g{"g-" + run + key(i), "tpp-one", "user", "openid", "", "", "{}", now, now + 1h, std::nullopt};
    (void)repo.create_grant(g, RefreshTokenRecord{"rt-" + run + key(i), g.id, {}, now, now + 1h, std::nullopt}, std::nullopt);
  }
  measure(name, o, [&](int i) {
    const std::string next = "rt2-" + run + key(i);
    auto r = repo.rotate_refresh_token("rt-" + run + key(i), RefreshTokenRecord{next, "", {}, now, now + 1h, std::nullopt},
                                       AccessTokenRecord{next + "-at", "", "tpp-one", "openid", {}, now, now + 5min, std::nullopt},
                                       now);
    return r.has_value() && *r == RotateOutcome::rotated;
  });
}

// The raw baselines: the same single-use statement straight through each driver.
void raw_sqlite(const std::string& path, const Options& o) {
  sqlite3* setup = nullptr;
  sqlite3_open(path.c_str(), &setup);
  sqlite3_exec(setup, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS raw(k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;",
               nullptr, nullptr, nullptr);
  sqlite3_exec(setup, "BEGIN", nullptr, nullptr, nullptr);
  for (int i = 0; i < o.ops; ++i)
    sqlite3_exec(setup, ("INSERT OR REPLACE INTO raw VALUES('" + key(i) + "', 'grant-context')").c_str(), nullptr, nullptr, nullptr);
  sqlite3_exec(setup, "COMMIT", nullptr, nullptr, nullptr);
  std::vector<sqlite3*> connections(static_cast<std::size_t>(o.threads));
  std::vector<sqlite3_stmt*> statements(connections.size());
  for (std::size_t t = 0; t < connections.size(); ++t) {
    sqlite3_open(path.c_str(), &connections[t]);
    sqlite3_busy_timeout(connections[t], 5000);
    sqlite3_exec(connections[t], "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(connections[t], "DELETE FROM raw WHERE k = ? RETURNING v", -1, &statements[t], nullptr);
  }
  thread_local std::size_t slot = 0;
  std::atomic<std::size_t> slots{0};
  measure("raw sqlite3 DELETE..RETURNING (sync=FULL)", o, [&](int i) {
    if (slot == 0) slot = ++slots;
    sqlite3_stmt* s = statements[slot - 1];
    const std::string k = key(i);
    sqlite3_bind_text(s, 1, k.data(), static_cast<int>(k.size()), SQLITE_TRANSIENT);
    const bool found = sqlite3_step(s) == SQLITE_ROW;
    while (sqlite3_step(s) == SQLITE_ROW) {
    }
    sqlite3_reset(s);
    return found;
  });
  for (std::size_t t = 0; t < connections.size(); ++t) {
    sqlite3_finalize(statements[t]);
    sqlite3_close(connections[t]);
  }
  sqlite3_close(setup);
}

void raw_redis(const std::string& host, int port, const Options& o) {
  redisContext* setup = redisConnect(host.c_str(), port);
  for (int i = 0; i < o.ops; ++i) freeReplyObject(redisCommand(setup, "SET raw:%s grant-context PX 600000", key(i).c_str()));
  redisFree(setup);
  std::vector<redisContext*> connections(static_cast<std::size_t>(o.threads));
  for (auto& c : connections) c = redisConnect(host.c_str(), port);
  thread_local std::size_t slot = 0;
  std::atomic<std::size_t> slots{0};
  measure("raw hiredis GETDEL", o, [&](int i) {
    if (slot == 0) slot = ++slots;
    auto* reply = static_cast<redisReply*>(redisCommand(connections[slot - 1], "GETDEL raw:%s", key(i).c_str()));
    const bool found = reply && reply->type == REDIS_REPLY_STRING;
    freeReplyObject(reply);
    return found;
  });
  for (auto* c : connections) redisFree(c);
}

void raw_postgres(const std::string& url, const Options& o) {
  pqxx::connection setup(url);
  pqxx::work w(setup);
  w.exec("CREATE TABLE IF NOT EXISTS bench_raw(k text PRIMARY KEY, consumed_at bigint)");
  w.exec("TRUNCATE bench_raw");
  w.exec("INSERT INTO bench_raw SELECT 'bench-' || g, NULL FROM generate_series(0, " + std::to_string(o.ops - 1) + ") g");
  w.commit();
  std::vector<std::unique_ptr<pqxx::connection>> connections;
  for (int t = 0; t < o.threads; ++t) {
    connections.push_back(std::make_unique<pqxx::connection>(url));
    connections.back()->prepare("consume", "UPDATE bench_raw SET consumed_at = $2 WHERE k = $1 AND consumed_at IS NULL RETURNING k");
  }
  thread_local std::size_t slot = 0;
  std::atomic<std::size_t> slots{0};
  measure("raw libpqxx UPDATE..RETURNING", o, [&](int i) {
    if (slot == 0) slot = ++slots;
    pqxx::work tx(*connections[slot - 1]);
    const auto rows = tx.exec_prepared("consume", key(i), 1);
    tx.commit();
    return rows.size() == 1;
  });
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--ops") o.ops = std::max(1, std::atoi(argv[i + 1]));
    else if (flag == "--threads") o.threads = std::max(1, std::atoi(argv[i + 1]));
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::printf("storage_bench: %d operations on %d threads per case, %u cores\n\n", o.ops, o.threads,
              std::thread::hardware_concurrency());
  const fapid::SystemClock clock;
  const auto dir = std::filesystem::temp_directory_path() / ("fapid-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);

  fapid::config::Storage embedded;
  embedded.kind = fapid::config::StorageKind::embedded;
  embedded.embedded.path = (dir / "fapid.db").string();
  embedded.embedded.pool_size = static_cast<std::size_t>(o.threads);
  if (auto stores = fapid::storage::open_stores(embedded, clock)) {
    bench_ttl("sqlite   TtlStore::consume", *stores->ttl, o);
    bench_jti_sweep("sqlite   TtlStore::put_if_absent (fresh jti)", *stores, o);
    raw_sqlite((dir / "raw.db").string(), o);
    bench_rotation("sqlite   GrantRepository::rotate_refresh_token", *stores->grants, o);
  } else {
    std::fprintf(stderr, "embedded store: %s\n", stores.error().detail.c_str());
    return 1;
  }

  const char* pg_url = std::getenv("FAPID_TEST_POSTGRES_URL");
  const char* redis_url = std::getenv("FAPID_TEST_REDIS_URL");
  if (pg_url && redis_url) {
    fapid::config::Storage production;
    production.kind = fapid::config::StorageKind::postgres;
    production.postgres.url = pg_url;
    production.postgres.schema = "bench";
    production.postgres.pool_size = static_cast<std::size_t>(o.threads);
    production.redis.url = redis_url;
    production.redis.key_prefix = "bench:" + std::to_string(getpid()) + ":";
    production.redis.pool_size = static_cast<std::size_t>(o.threads);
    if (auto stores = fapid::storage::open_stores(production, clock)) {
      std::printf("\n");
      bench_ttl("redis    TtlStore::consume", *stores->ttl, o);
      // redis://host:port/db as services.sh prints it.
      const std::string u = redis_url;
      const auto host_start = u.find("//") + 2;
      const auto colon = u.find(':', host_start);
      const auto slash = u.find('/', host_start);
      raw_redis(u.substr(host_start, colon - host_start), std::atoi(u.substr(colon + 1, slash - colon - 1).c_str()), o);
      bench_rotation("postgres GrantRepository::rotate_refresh_token", *stores->grants, o);
      raw_postgres(pg_url, o);
    } else {
      std::fprintf(stderr, "postgres/redis: %s\n", stores.error().detail.c_str());
      return 1;
    }
  } else {
    std::printf("\n(PostgreSQL and Redis skipped: set FAPID_TEST_POSTGRES_URL and FAPID_TEST_REDIS_URL)\n");
  }
  std::filesystem::remove_all(dir);
  return 0;
}
