#include "storage/open_stores.hpp"

#include <chrono>

#include "log/logger.hpp"
#include "storage/postgres/migrate.hpp"
#include "storage/postgres/postgres_pool.hpp"
#include "storage/postgres/postgres_store.hpp"
#include "storage/redis/redis_options.hpp"
#include "storage/redis/redis_ttl_store.hpp"
#include "storage/sqlite/migrate.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace fapid::storage {

namespace {

using namespace std::chrono_literals;

constexpr std::chrono::milliseconds kMinBackoff = 100ms;

PoolOptions pool_options(std::size_t size, std::chrono::milliseconds wait, const config::Storage& s) {
  PoolOptions p;
  p.size = size;
  p.acquire_timeout = wait;
  p.min_backoff = std::min(kMinBackoff, s.max_reconnect_backoff);
  p.max_backoff = s.max_reconnect_backoff;
  return p;
}

SqliteOptions sqlite_options(const config::Storage& s) {
  SqliteOptions o;
  o.path = s.embedded.path;
  o.busy_timeout = s.embedded.busy_timeout;
  o.pool_size = s.embedded.pool_size;
  return o;
}

PostgresOptions postgres_options(const config::Storage& s) {
  PostgresOptions o;
  o.url = s.postgres.url;
  if (s.postgres.password) o.password = std::string(s.postgres.password->reveal());
  o.schema = s.postgres.schema;
  o.pool = pool_options(s.postgres.pool_size, s.postgres.statement_timeout, s);
  o.connect_timeout = s.postgres.connect_timeout;
  o.statement_timeout = s.postgres.statement_timeout;
  return o;
}

Result<RedisOptions> redis_options(const config::Storage& s) {
  auto o = parse_redis_url(s.redis.url);
  if (!o) return o.error();
  if (s.redis.password) o->password = std::string(s.redis.password->reveal());
  o->key_prefix = s.redis.key_prefix;
  o->pool = pool_options(s.redis.pool_size, s.redis.command_timeout, s);
  o->connect_timeout = s.redis.connect_timeout;
  o->command_timeout = s.redis.command_timeout;
  return o;
}

OAuthError named(std::string_view store, OAuthError e) {
  e.detail = std::string(store) + ": " + e.detail;
  return e;
}

// Each store must answer once before the server starts: a wrong host or password is a start-up
// error to fix, not an unready server to debug.
Result<void> ping_all(const std::vector<std::shared_ptr<Pingable>>& probes) {
  for (const auto& p : probes) {
    if (auto r = p->ping(); !r) return named(p->name(), r.error());
  }
  return {};
}

template <class F>
void sweep_logged(std::string_view store, F&& sweep) {
  const auto started = std::chrono::steady_clock::now();
  auto removed = sweep();
  const double took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!removed) log::warn("store_sweep_failed", {{"store", store}, {"reason", removed.error().detail}});
  else if (*removed > 0) log::debug("store_swept", {{"store", store}, {"removed", *removed}, {"duration_ms", took_ms}});
}

Result<Stores> open_embedded(const config::Storage& s, const Clock& clock) {
  auto options = sqlite_options(s);
  options.background_checkpoints = true;  // the server runs Stores::checkpoint
  auto sqlite = open_sqlite(options, clock);
  if (!sqlite) return named("sqlite", sqlite.error());
  Stores out;
  out.ttl = sqlite->ttl;
  out.grants = sqlite->grants;
  out.audit = sqlite->audit;
  out.users = sqlite->users;
  out.consents = sqlite->consents;
  out.outages = sqlite->outages;
  out.probes = {sqlite->ttl};
  out.sweep = [ttl = sqlite->ttl, grants = sqlite->grants, consents = sqlite->consents, &clock] {
    sweep_logged("sqlite", [&] { return ttl->sweep_expired(); });
    sweep_logged("sqlite", [&] { return grants->sweep_expired(clock.now()); });
    sweep_logged("sqlite", [&] { return consents->sweep_expired_keys(clock.now()); });
  };
  out.checkpoint = [database = sqlite->database] {
    auto wal = database->checkpoint();
    if (!wal) log::warn("store_checkpoint_failed", {{"store", "sqlite"}, {"reason", wal.error().detail}});
  };
  out.checkpoint_interval = kCheckpointInterval;
  return out;
}

Result<Stores> open_production(const config::Storage& s, const Clock& clock) {
  const auto pg = postgres_options(s);
  if (auto migrated = migrate_postgres(pg); !migrated) return named("postgres", migrated.error());
  auto pool = postgres::PostgresPool::open(pg);
  if (!pool) return named("postgres", pool.error());
  auto redis = redis_options(s);
  if (!redis) return named("redis", redis.error());
  auto grants = std::make_shared<PostgresGrantRepository>(*pool);
  auto consents = std::make_shared<PostgresConsentRepository>(*pool);
  auto ttl = std::make_shared<RedisTtlStore>(std::move(*redis));
  Stores out;
  out.ttl = ttl;
  out.grants = grants;
  out.audit = std::make_shared<PostgresAuditLog>(*pool);
  out.users = std::make_shared<PostgresUserRepository>(*pool);
  out.consents = consents;
  out.outages = std::make_shared<PostgresOutageRepository>(*pool);
  out.probes = {grants, ttl};
  out.sweep = [grants, consents, &clock] {
    sweep_logged("postgres", [&] { return grants->sweep_expired(clock.now()); });
    sweep_logged("postgres", [&] { return consents->sweep_expired_keys(clock.now()); });
  };
  return out;
}

}  // namespace

Result<std::vector<SchemaChange>> migrate_stores(const config::Storage& storage) {
  if (storage.kind == config::StorageKind::embedded) {
    auto report = migrate_sqlite(sqlite_options(storage));
    if (!report) return named("sqlite", report.error());
    return std::vector<SchemaChange>{{"sqlite", report->version_before, report->version_after}};
  }
  auto report = migrate_postgres(postgres_options(storage));
  if (!report) return named("postgres", report.error());
  return std::vector<SchemaChange>{{"postgres", report->version_before, report->version_after}};
}

Result<Stores> open_stores(const config::Storage& storage, const Clock& clock) {
  auto stores = storage.kind == config::StorageKind::embedded ? open_embedded(storage, clock) : open_production(storage, clock);
  if (!stores) return stores;
  if (auto reachable = ping_all(stores->probes); !reachable) return reachable.error();
  return stores;
}

}  // namespace fapid::storage
