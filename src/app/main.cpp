// fapid: the one place that wires the engine (src/) to the trees (fapi/, nonfapi/).
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "app/bootstrap.hpp"
#include "app/hash_policy.hpp"
#include "app/cli.hpp"
#include "app/federation_client.hpp"
#include "app/users_command.hpp"
#include "fapi/fapi_tree.hpp"
#ifdef FAPID_TEST_ROUTES
#include "fapi/test_routes/test_routes.hpp"
#endif
#include "http/metrics.hpp"
#include "http/ops_routes.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "log/logger.hpp"
#include "pages/page_renderer.hpp"
#include "nonfapi/nonfapi_tree.hpp"
#include "storage/open_stores.hpp"
#include "storage/periodic_task.hpp"
#include "storage/random.hpp"
#include "storage/store_health.hpp"
#include "users/password_hasher.hpp"

namespace {

using namespace fapid;

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

log::Level to_log_level(config::LogLevel l) {
  switch (l) {
    case config::LogLevel::debug: return log::Level::debug;
    case config::LogLevel::info: return log::Level::info;
    case config::LogLevel::warn: return log::Level::warn;
    case config::LogLevel::error: return log::Level::error;
  }
  return log::Level::info;
}

void print_errors(const std::vector<std::string>& errors) {
  for (const auto& e : errors) std::fprintf(stderr, "error: %s\n", e.c_str());
  std::fprintf(stderr, "%zu configuration error(s); nothing was started\n", errors.size());
}

int check_config(const std::string& path) {
  auto boot = app::bootstrap(path);
  if (!boot.loaded) {
    print_errors(boot.errors);
    return kExitUsage;
  }
  const auto& cfg = *boot.loaded->config;
  std::printf("configuration OK: %zu client(s), %zu key(s), issuers %s and %s\n", cfg.clients.size(), cfg.keys.size(),
              cfg.fapi_issuer().c_str(), cfg.nonfapi_issuer().c_str());
  return kExitOk;
}

int migrate(const std::string& path) {
  auto boot = app::bootstrap(path);
  if (!boot.loaded) {
    print_errors(boot.errors);
    return kExitUsage;
  }
  auto changes = storage::migrate_stores(boot.loaded->config->storage);
  if (!changes) {
    std::fprintf(stderr, "error: migration failed: %s\n", changes.error().detail.c_str());
    return kExitRuntime;
  }
  for (const auto& c : *changes) {
    if (c.before == c.after) std::printf("%s: schema v%d is current\n", c.store.c_str(), c.after);
    else std::printf("%s: schema v%d -> v%d\n", c.store.c_str(), c.before, c.after);
  }
  return kExitOk;
}

int serve(const std::string& path) {
  auto boot = app::bootstrap(path);
  if (!boot.loaded) {
    print_errors(boot.errors);
    return kExitUsage;
  }
  const auto& loaded = *boot.loaded;
  log::set_level(to_log_level(loaded.config->logging.level));

  // The customer's pages are read and checked once: a broken operator template fails the start.
  auto pages = pages::PageRenderer::load(loaded.config->ui.templates_dir, loaded.config->ui.default_locale);
  if (!pages) {
    log::error("start_failed", {{"reason", pages.error().detail}});
    return kExitUsage;
  }

#ifdef FAPID_TEST_ROUTES
  const auto clock = std::make_shared<fapi::TestClock>();
#else
  const auto clock = std::make_shared<const SystemClock>();
#endif
  auto stores = storage::open_stores(loaded.config->storage, *clock);
  if (!stores) {
    log::error("start_failed", {{"reason", stores.error().detail}});
    return kExitRuntime;
  }
  const auto& storage_cfg = loaded.config->storage;
  storage::StoreHealth health(stores->probes);
  const storage::PeriodicTask probe("store-health", storage_cfg.health_interval, [&health] { health.check(); });
  const storage::PeriodicTask sweep("store-sweep", storage_cfg.sweep_interval, stores->sweep);
  std::optional<storage::PeriodicTask> checkpoint;
  if (stores->checkpoint) checkpoint.emplace("store-wal", stores->checkpoint_interval, stores->checkpoint);

  http::Router router;
  http::Metrics metrics;
  [[maybe_unused]] auto fapi_context = fapi::add_routes(
      router, {loaded.config, loaded.keys, loaded.clients, stores->ttl, stores->grants, stores->audit, stores->consents,
               stores->users, clock, std::make_shared<storage::SystemRandom>(), &metrics,
               std::make_shared<const pages::PageRenderer>(std::move(*pages)),
               std::make_shared<const users::PasswordHasher>(app::hash_policy(loaded.config->users.password_hashing))});
#ifdef FAPID_TEST_ROUTES
  fapi::add_test_routes(router, fapi_context, clock);
#endif
  auto idp = app::federation_client(*loaded.config, *clock);
  if (!idp) {
    log::error("start_failed", {{"reason", idp.error().detail}});
    return kExitUsage;
  }
  nonfapi::NonFapiDeps nonfapi_deps{loaded.config,    loaded.keys,      loaded.clients, stores->ttl,
                                    stores->grants,   stores->audit,    stores->consents, stores->outages,
                                    clock,            std::make_shared<storage::SystemRandom>(), &metrics, *idp};
  nonfapi::add_routes(router, std::move(nonfapi_deps));
  // Ready while every store answers. While draining, the ops listener is closed with the others, so
  // readiness probes fail from the first SIGTERM on.
  http::add_ops_routes(router, metrics, [&health] { return health.ready(); });

  http::Server server(loaded.config->server, loaded.tls, router, metrics);
  try {
    server.start();
  } catch (const std::exception& e) {
    log::error("start_failed", {{"reason", e.what()}});
    return kExitRuntime;
  }
#ifdef FAPID_TEST_ROUTES
  log::warn("test_routes_enabled", {{"reason", "built with FAPID_TEST_ROUTES: not for production"}});
#endif
  log::info("listening", {{"tls_port", server.port(http::Listener::tls)},
                          {"mtls_port", server.port(http::Listener::mtls)},
                          {"ops_port", server.port(http::Listener::ops)},
                          {"fapi_issuer", loaded.config->fapi_issuer()},
                          {"nonfapi_issuer", loaded.config->nonfapi_issuer()}});
  server.run();
  log::info("stopped");
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // `users` has subcommands and flags of its own (app/users_command.hpp).
  if (!args.empty() && args.front() == "users") return app::run_users_command({args.begin() + 1, args.end()});
  auto parsed = app::parse_cli(args);
  if (!parsed.invocation) {
    std::fprintf(stderr, "fapid: %s\n\n%s", parsed.error.c_str(), app::usage("").c_str());
    return kExitUsage;
  }
  const auto& inv = *parsed.invocation;
  try {
    switch (inv.command) {
      case app::Command::help:
        std::fputs((inv.help_topic == "users" ? app::users_usage() : app::usage(inv.help_topic)).c_str(), stdout);
        return kExitOk;
      case app::Command::version: std::printf("fapid %s\n", FAPID_VERSION); return kExitOk;
      case app::Command::check_config: return check_config(inv.config_path);
      case app::Command::serve: return serve(inv.config_path);
      case app::Command::migrate: return migrate(inv.config_path);
    }
  } catch (const std::exception& e) {
    // Start-up is the one place exceptions are expected; nothing may escape main silently.
    log::error("fatal", {{"reason", e.what()}});
    return kExitRuntime;
  }
  return kExitUsage;
}
