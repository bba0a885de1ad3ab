#pragma once
// `fapid users import`: a CSV file of customers checked as a whole before anything is written.
//
//   login,document,name,email,password_hash[,attributes_json]
//
// The header is required and names the columns in that order. Every row is checked (fields, a login
// given twice in the file, a hash this server can read); every problem is reported with its line.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/user_repository.hpp"
#include "users/password_hasher.hpp"

namespace fapid::app {

inline constexpr std::size_t kMaxImportFileBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxImportRows = 1'000'000;
inline constexpr std::size_t kImportProgressEvery = 1'000;  // rows between progress reports

struct ImportCheck {
  std::vector<storage::UserRecord> users;  // in file order; id and timestamps left for the caller
  std::vector<std::string> problems;       // "line N: field: rule broken", in file order
};

// Called after every kImportProgressEvery hash checks (the slow part: each costs what a login costs).
using ImportProgress = std::function<void(std::size_t checked, std::size_t total)>;

// Checks `csv`. The users are usable only when `problems` is empty.
ImportCheck check_import(std::string_view csv, const users::PasswordHasher& hasher, const ImportProgress& progress);

}  // namespace fapid::app
