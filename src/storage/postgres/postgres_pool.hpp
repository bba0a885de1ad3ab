#pragma once
// The connection pool the PostgreSQL repository and audit log share, and the one way they run a
// unit of work on it: lease a session, run, map any libpqxx exception to an error value, discard the
// session when it broke, and re-run a transaction PostgreSQL rolled back for a serialization failure
// or deadlock a bounded number of times (ATTACKS.md R06) before answering 503.
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "storage/connection_pool.hpp"
#include "storage/postgres/conninfo.hpp"
#include "storage/postgres/pg_error.hpp"
#include "storage/postgres/pg_session.hpp"
#include "storage/postgres/postgres_options.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage::postgres {

class PostgresPool {
 public:
  // Checks the options; connects lazily, on the first operation.
  static Result<std::shared_ptr<PostgresPool>> open(const PostgresOptions& options);

  PostgresPool(const PostgresPool&) = delete;
  PostgresPool& operator=(const PostgresPool&) = delete;

  // `work(PgSession&)` returns Result<T> and may throw libpqxx exceptions.
  template <class T, class Work>
  Result<T> run(std::string_view operation, Work&& work) {
    for (int attempt = 1;; ++attempt) {
      auto lease = pool_.acquire();
      if (!lease) return with_operation(lease.error(), operation);
      try {
        return work(**lease);
      } catch (...) {
        auto failure = classify_current_exception(operation, conninfo_);
        if (failure.connection_lost || !(**lease).db().is_open()) {
          lease->discard();
          if (failure.error.code != ErrorCode::temporarily_unavailable)
            failure.error = store_unavailable("postgres: " + std::string(operation) + ": connection lost");
        }
        if (failure.retryable && attempt < kMaxAttempts) continue;
        return failure.error;
      }
    }
  }

 private:
  static constexpr int kMaxAttempts = 3;

  // "postgres: unreachable..." from the pool becomes "postgres: <operation>: unreachable...".
  static OAuthError with_operation(OAuthError error, std::string_view operation);

  PostgresPool(const PostgresOptions& options, Conninfo conninfo);

  const PostgresOptions options_;
  const Conninfo conninfo_;
  ConnectionPool<PgSession> pool_;
};

}  // namespace fapid::storage::postgres
