#include "postgres_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <pqxx/nontransaction>
#include <random>
#include <vector>

#include "storage/postgres/migrate.hpp"

namespace fapid::storage::testing {
namespace {

constexpr const char* kUnset =
    "FAPID_TEST_POSTGRES_URL is unset: run `scripts/services.sh start` and export the variables it prints";

std::mutex schemas_mutex;
std::vector<std::string> created_schemas;

// Drops every schema this process created. Forked children leave with _exit and never get here.
class DropSchemas : public ::testing::Environment {
 public:
  void TearDown() override {
    std::vector<std::string> schemas;
    {
      std::lock_guard lock(schemas_mutex);
      schemas.swap(created_schemas);
    }
    if (schemas.empty()) return;
    try {
      auto db = admin_connection();
      pqxx::nontransaction tx(*db);
      for (const auto& schema : schemas) tx.exec("DROP SCHEMA IF EXISTS " + db->quote_name(schema) + " CASCADE");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "dropping the test schemas: " << e.what();
    }
  }
};

[[maybe_unused]] auto* const kDropSchemas = ::testing::AddGlobalTestEnvironment(new DropSchemas);

}  // namespace

std::string postgres_url() {
  const char* url = std::getenv("FAPID_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') {
    ADD_FAILURE() << kUnset;
    return "postgresql://unset.invalid/unset";
  }
  return url;
}

std::string fresh_schema() {
  static std::mutex mutex;
  static std::mt19937_64 random{std::random_device{}()};
  std::uint64_t n = 0;
  {
    std::lock_guard lock(mutex);
    n = random();
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(n));
  std::string schema = std::string("t_") + hex;
  std::lock_guard lock(schemas_mutex);
  created_schemas.push_back(schema);
  return schema;
}

PostgresOptions options_for(const std::string& schema) {
  PostgresOptions options;
  options.url = postgres_url();
  options.schema = schema;
  options.pool.size = 4;
  options.pool.min_backoff = std::chrono::milliseconds(50);
  options.pool.max_backoff = std::chrono::milliseconds(1000);
  options.connect_timeout = std::chrono::milliseconds(2000);
  return options;
}

PostgresStores open_migrated(const std::string& schema, std::size_t pool_size) {
  auto options = options_for(schema);
  options.pool.size = pool_size;
  if (auto migrated = migrate_postgres(options); !migrated) {
    ADD_FAILURE() << "migrate_postgres: " << migrated.error().detail;
    return {};
  }
  auto stores = open_postgres(options);
  if (!stores) {
    ADD_FAILURE() << "open_postgres: " << stores.error().detail;
    return {};
  }
  return *stores;
}

std::unique_ptr<pqxx::connection> admin_connection() { return std::make_unique<pqxx::connection>(postgres_url()); }

bool services(const std::string& command) {
  const std::string line = std::string(FAPID_SOURCE_DIR) + "/scripts/services.sh " + command + " >/dev/null 2>&1";
  return std::system(line.c_str()) == 0;
}

}  // namespace fapid::storage::testing
