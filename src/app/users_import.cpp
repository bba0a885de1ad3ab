#include "app/users_import.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "app/csv_reader.hpp"
#include "app/user_fields.hpp"

namespace fapid::app {

namespace {

constexpr std::size_t kRequiredColumns = 5;
constexpr std::string_view kColumns[] = {"login", "document", "name", "email", "password_hash", "attributes_json"};
constexpr std::string_view kHeader = "login,document,name,email,password_hash[,attributes_json]";
// Each check may hold an imported argon2 hash's memory (up to users::kMaxArgon2MemoryKib): few at once.
constexpr unsigned kMaxHashThreads = 4;

std::string at_line(std::size_t line, const std::string& problem) {
  return "line " + std::to_string(line) + ": " + problem;
}

bool header_ok(const std::vector<std::string>& fields) {
  if (fields.size() < kRequiredColumns || fields.size() > std::size(kColumns)) return false;
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i] != kColumns[i]) return false;
  return true;
}

// One row's own problems (not the hash, checked later on several threads).
std::vector<std::string> row_problems(const CsvRecord& row, std::size_t columns, storage::UserRecord& user) {
  if (row.fields.size() != columns)
    return {"expected " + std::to_string(columns) + " fields, found " + std::to_string(row.fields.size())};
  UserFields fields{row.fields[0], row.fields[1], row.fields[2], row.fields[3], {}};
  auto problems = field_problems(fields);
  auto attributes = attributes_from_json(columns > kRequiredColumns ? row.fields[5] : std::string_view{});
  if (!attributes) problems.push_back(attributes.error().description);
  user.login = std::move(fields.login);
  user.document = std::move(fields.document);
  user.name = std::move(fields.name);
  user.email = std::move(fields.email);
  user.attributes_json = attributes ? std::move(*attributes) : std::string();
  user.password_hash = row.fields[4];
  if (user.password_hash.empty()) problems.push_back("password_hash: must not be empty");
  return problems;
}

// Runs imported_hash_problem over every user, in parallel.
std::vector<std::optional<std::string>> hash_problems(const std::vector<storage::UserRecord>& users,
                                                      const users::PasswordHasher& hasher,
                                                      const ImportProgress& progress) {
  std::vector<std::optional<std::string>> out(users.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex report;
  auto work = [&] {
    for (std::size_t i = next++; i < users.size(); i = next++) {
      // An empty hash (or a row without one) is reported with the row's other fields.
      if (!users[i].password_hash.empty()) out[i] = imported_hash_problem(hasher, users[i].password_hash);
      if (const auto d = ++done; progress && d % kImportProgressEvery == 0) {
        const std::lock_guard lock(report);
        progress(d, users.size());
      }
    }
  };
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxHashThreads);
  std::vector<std::thread> helpers;
  try {
    for (unsigned t = 1; t < threads && t < users.size(); ++t) helpers.emplace_back(work);
  } catch (const std::system_error&) {
    // No more threads to be had: the ones started, and this one, do all the work.
  }
  work();
  for (auto& h : helpers) h.join();
  return out;
}

}  // namespace

ImportCheck check_import(std::string_view csv, const users::PasswordHasher& hasher, const ImportProgress& progress) {
  ImportCheck check;
  CsvLimits limits;
  limits.max_records = kMaxImportRows + 1;  // and the header
  auto records = parse_csv(csv, limits);
  if (!records) return {{}, {records.error().description}};
  if (records->empty()) return {{}, {"the file is empty; its first line must be the header " + std::string(kHeader)}};
  const auto& header = records->front();
  if (!header_ok(header.fields)) return {{}, {at_line(header.line, "the header must be " + std::string(kHeader))}};
  if (records->size() == 1) return {{}, {"the file has a header but no users"}};

  const std::size_t columns = header.fields.size();
  std::vector<std::vector<std::string>> per_row;
  std::unordered_map<std::string, std::size_t> first_line_of;  // login -> the line it first appears on
  check.users.reserve(records->size() - 1);
  for (std::size_t r = 1; r < records->size(); ++r) {
    const auto& row = (*records)[r];
    auto& user = check.users.emplace_back();
    per_row.push_back(row_problems(row, columns, user));
    if (user.login.empty()) continue;
    auto [first, inserted] = first_line_of.emplace(user.login, row.line);
    if (!inserted) per_row.back().push_back("login: the same as on line " + std::to_string(first->second));
  }
  const auto hashes = hash_problems(check.users, hasher, progress);
  for (std::size_t i = 0; i < check.users.size(); ++i) {
    if (hashes[i]) per_row[i].push_back(*hashes[i]);
    for (const auto& p : per_row[i]) check.problems.push_back(at_line((*records)[i + 1].line, p));
  }
  if (!check.problems.empty()) check.users.clear();
  return check;
}

}  // namespace fapid::app
