#pragma once
// How to reach PostgreSQL. Read once at start-up, then shared read-only by the pool and migrations.
#include <chrono>
#include <optional>
#include <string>

#include "storage/connection_pool.hpp"

namespace fapid::storage {

struct PostgresOptions {
  // A libpq URL (postgresql://user@host:port/db?sslmode=...) or key=value conninfo. It may omit the
  // password: that comes from `password`, so the URL can sit in plain configuration.
  std::string url;
  std::optional<std::string> password;  // never logged, never in an error detail
  std::string schema = "public";        // every table lives here; migrations create it when missing
  PoolOptions pool;
  std::chrono::milliseconds connect_timeout{5000};    // libpq counts whole seconds, at least 2
  std::chrono::milliseconds statement_timeout{5000};  // server-side bound on every statement
};

}  // namespace fapid::storage
