#include "app/users_actions.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string_view>

#include "app/hash_policy.hpp"
#include "app/password_input.hpp"
#include "app/user_fields.hpp"
#include "app/users_import.hpp"
#include "config/file_read.hpp"
#include "core/clock.hpp"
#include "storage/open_stores.hpp"
#include "storage/random.hpp"
#include "users/hash_limits.hpp"
#include "users/password_hasher.hpp"

namespace fapid::app {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

constexpr std::size_t kSubjectBytes = 32;        // the `sub`: 256 random bits, never derived from the login
constexpr std::size_t kMaxProblemsShown = 100;   // a wholly wrong file says so without flooding the terminal
constexpr std::string_view kHashFromStdin = "-";

// A login as it may be shown on a terminal: a control character (an escape sequence) becomes '?'.
std::string printable(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  return out;
}

int refused(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return kExitUsage;
}

int store_failed(const OAuthError& e) {
  std::fprintf(stderr, "error: the store failed: %s\n", e.detail.empty() ? e.description.c_str() : e.detail.c_str());
  return kExitRuntime;
}

void print_problems(const std::vector<std::string>& problems) {
  const auto shown = std::min(problems.size(), kMaxProblemsShown);
  for (std::size_t i = 0; i < shown; ++i) std::fprintf(stderr, "error: %s\n", problems[i].c_str());
  if (problems.size() > shown) std::fprintf(stderr, "error: ... and %zu more\n", problems.size() - shown);
}

// The configured store's customers, its schema migrated first as `serve` would.
Result<std::shared_ptr<storage::UserRepository>> open_users(const config::Config& cfg, const Clock& clock) {
  auto stores = storage::open_stores(cfg.storage, clock);
  if (!stores) return stores.error();
  if (!stores->users) return OAuthError(ErrorCode::server_error, "internal error", "this store has no users table");
  return stores->users;
}

std::string option(const UsersInvocation& inv, const std::string& flag) {
  const auto found = inv.options.find(flag);
  return found == inv.options.end() ? std::string() : found->second;
}

// The hash to store for `add`: of the password on stdin, or the one given with --password-hash.
Result<std::string> new_password_hash(const UsersInvocation& inv, const users::PasswordHasher& hasher) {
  const auto given = inv.options.find("--password-hash");
  if (given == inv.options.end()) {
    auto password = read_secret_line("password for " + printable(option(inv, "--login")) + ": ", users::kMaxPasswordBytes);
    if (!password) return password.error();
    auto hash = hasher.hash(*password);
    OPENSSL_cleanse(password->data(), password->size());
    return hash;
  }
  auto hash = given->second;
  if (hash == kHashFromStdin) {
    auto read = read_secret_line("password hash: ", users::kMaxEncodedHashBytes);
    if (!read) return read.error();
    hash = std::move(*read);
  }
  if (auto problem = imported_hash_problem(hasher, hash)) return OAuthError(ErrorCode::invalid_request, *problem);
  return hash;
}

storage::UserRecord with_identity(storage::UserRecord user, storage::Random& random, storage::TimePoint now) {
  user.id = random.token(kSubjectBytes);
  user.created_at = now;
  user.updated_at = now;
  return user;
}

}  // namespace

int add_user_action(const UsersInvocation& inv, const config::Config& cfg) {
  UserFields fields{option(inv, "--login"), option(inv, "--document"), option(inv, "--name"), option(inv, "--email"), {}};
  auto problems = field_problems(fields);
  auto attributes = attributes_from_pairs(inv.attributes);
  if (!attributes) problems.push_back(attributes.error().description);
  if (!problems.empty()) {
    print_problems(problems);
    return kExitUsage;
  }
  const SystemClock clock;
  auto users = open_users(cfg, clock);
  if (!users) return store_failed(users.error());
  // Before asking for a password, so nobody types one for nothing; add_user still has the last word.
  auto existing = (*users)->find_by_login(fields.login);
  if (!existing) return store_failed(existing.error());
  if (*existing) return refused("the login '" + printable(fields.login) + "' is already taken; nothing was added");

  const users::PasswordHasher hasher(hash_policy(cfg.users.password_hashing));
  auto hash = new_password_hash(inv, hasher);
  if (!hash && hash.error().code == ErrorCode::invalid_request) return refused(hash.error().description);
  if (!hash) {
    // A policy out of bounds or a failing library: the machine's problem, not the input's.
    std::fprintf(stderr, "error: the password could not be hashed: %s\n", hash.error().detail.c_str());
    return kExitRuntime;
  }

  storage::UserRecord user;
  user.login = std::move(fields.login);
  user.document = std::move(fields.document);
  user.name = std::move(fields.name);
  user.email = std::move(fields.email);
  user.attributes_json = std::move(*attributes);
  user.password_hash = std::move(*hash);
  storage::SystemRandom random;
  user = with_identity(std::move(user), random, clock.now());
  auto outcome = (*users)->add_user(user);
  if (!outcome) return store_failed(outcome.error());
  if (*outcome == storage::AddUserOutcome::login_taken)
    return refused("the login '" + printable(user.login) + "' is already taken; nothing was added");
  std::printf("added user %s (sub %s)\n", printable(user.login).c_str(), user.id.c_str());
  return kExitOk;
}

int import_users_action(const UsersInvocation& inv, const config::Config& cfg) {
  ImportCheck check;
  {
    const auto file = config::read_file_capped(inv.csv_path, kMaxImportFileBytes);
    if (!file.content) return refused(file.error);
    const users::PasswordHasher hasher(hash_policy(cfg.users.password_hashing));
    check = check_import(*file.content, hasher, [](std::size_t checked, std::size_t total) {
      std::printf("checked %zu of %zu rows\n", checked, total);
      std::fflush(stdout);
    });
  }
  if (!check.problems.empty()) {
    print_problems(check.problems);
    std::fprintf(stderr, "%zu problem(s) in %s; nothing was imported\n", check.problems.size(), inv.csv_path.c_str());
    return kExitUsage;
  }
  const SystemClock clock;
  auto users = open_users(cfg, clock);
  if (!users) return store_failed(users.error());
  storage::SystemRandom random;
  const auto now = clock.now();
  for (auto& user : check.users) user = with_identity(std::move(user), random, now);
  auto imported = (*users)->import_users(check.users);
  // invalid_request: a login already in the store (the file itself has none twice). Its detail names it.
  if (!imported && imported.error().code == ErrorCode::invalid_request) return refused(printable(imported.error().detail));
  if (!imported) return store_failed(imported.error());
  std::printf("imported %zu user%s\n", *imported, *imported == 1 ? "" : "s");
  return kExitOk;
}

int set_disabled_action(const UsersInvocation& inv, const config::Config& cfg, bool disabled) {
  const auto login = option(inv, "--login");
  const SystemClock clock;
  auto users = open_users(cfg, clock);
  if (!users) return store_failed(users.error());
  auto found = (*users)->set_disabled(login, disabled, clock.now());
  if (!found) return store_failed(found.error());
  if (!*found) return refused("no user has the login '" + printable(login) + "'; nothing was changed");
  std::printf("%s user %s\n", disabled ? "disabled" : "enabled", printable(login).c_str());
  return kExitOk;
}

}  // namespace fapid::app
