#pragma once
// The libpq connection string built from PostgresOptions, and the scrubbing of its secrets out of
// driver messages: the password must reach libpq and nothing else (no log line, no error detail).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/postgres/postgres_options.hpp"

namespace fapid::storage::postgres {

class Conninfo {
 public:
  // The URL's own parameters, then the password, connect timeout, keepalives and application_name.
  // A URL libpq cannot parse is refused without echoing it (it may hold a password).
  static Result<Conninfo> from(const PostgresOptions& options);

  const std::string& text() const { return text_; }

  // The first line of a driver message with every password replaced by "***".
  std::string scrub(std::string_view message) const;

 private:
  Conninfo(std::string text, std::vector<std::string> secrets) : text_(std::move(text)), secrets_(std::move(secrets)) {}
  std::string text_;
  std::vector<std::string> secrets_;
};

}  // namespace fapid::storage::postgres
