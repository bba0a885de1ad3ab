#pragma once
// Builds the stores the configuration names (storage.kind) behind the two ports, after bringing their
// schemas up to date. The one place that knows every adapter; the rest of the server sees only ports.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/consent_repository.hpp"
#include "storage/grant_repository.hpp"
#include "storage/health.hpp"
#include "storage/outage_repository.hpp"
#include "storage/ttl_store.hpp"
#include "storage/user_repository.hpp"

namespace fapid::storage {

struct Stores {
  std::shared_ptr<TtlStore> ttl;
  std::shared_ptr<GrantRepository> grants;
  std::shared_ptr<AuditLog> audit;
  std::shared_ptr<UserRepository> users;
  std::shared_ptr<ConsentRepository> consents;
  std::shared_ptr<OutageRepository> outages;
  std::vector<std::shared_ptr<Pingable>> probes;  // every store a request may need, for /readyz
  std::function<void()> sweep;                    // deletes what has expired; logs, never throws
  // Upkeep to run every checkpoint_interval on a thread of its own (the embedded store's WAL
  // checkpoints); empty when the store needs none. Logs, never throws.
  std::function<void()> checkpoint;
  std::chrono::milliseconds checkpoint_interval{0};
};

struct SchemaChange {
  std::string store;  // "sqlite", "postgres"
  int before = 0;     // 0: a new database
  int after = 0;
};

// Applies pending migrations to the durable store. Refuses a schema newer than this binary.
Result<std::vector<SchemaChange>> migrate_stores(const config::Storage& storage);

// Migrates, opens, and checks that every store answers: a server that cannot reach its stores at
// start stops with the reason rather than start unready.
Result<Stores> open_stores(const config::Storage& storage, const Clock& clock);

}  // namespace fapid::storage
