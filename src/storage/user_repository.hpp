#pragma once
// The durable port for the institution's customers (issue 5): who may log in at the consent pages.
// Passwords appear only as self-describing hashes (users/password_hasher.hpp); a user is disabled,
// never deleted, so the subject of an old grant always names someone.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/records.hpp"

namespace fapid::storage {

struct UserRecord {
  std::string id;               // the stable `sub`: random, never reused, never the login
  std::string login;            // unique; compared exactly (callers normalise before storing)
  std::string document;         // CPF, 11 digits
  std::string name;
  std::string email;
  std::string attributes_json;  // a JSON object of further claims ("{}" when none)
  std::string password_hash;    // "$argon2id$...", "$2b$...", "$pbkdf2-sha256$...", or an imported format
  bool disabled = false;
  int failed_logins = 0;                   // consecutive failures since the last success
  std::optional<TimePoint> locked_until;   // set when failed_logins reached the threshold
  TimePoint created_at;
  TimePoint updated_at;
  friend bool operator==(const UserRecord&, const UserRecord&) = default;
};

enum class AddUserOutcome { added, login_taken };

// What import_users answers for a taken login: invalid_request (400, an operator's mistake, not a store
// fault), naming the login in the private detail only.
OAuthError login_taken_error(std::string_view login);

struct LockoutPolicy {
  int max_failures = 5;                   // this many consecutive failures lock the account...
  std::chrono::seconds lock_for{15 * 60};  // ...for this long
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;

  virtual Result<AddUserOutcome> add_user(const UserRecord& user) = 0;
  // Adds every user or none (a CSV import is one transaction); returns how many. A login taken, in the
  // store or twice in `users`, is invalid_request naming the first such login in the detail, and
  // nothing is written.
  virtual Result<std::size_t> import_users(const std::vector<UserRecord>& users) = 0;

  virtual Result<std::optional<UserRecord>> find_by_login(std::string_view login) = 0;
  virtual Result<std::optional<UserRecord>> find_by_id(std::string_view id) = 0;

  // False when there is no such login.
  virtual Result<bool> set_disabled(std::string_view login, bool disabled, TimePoint now) = 0;

  // One failed password, counted atomically (two instances racing both count). When the count reaches
  // policy.max_failures the account is locked until now + policy.lock_for (and each further failure
  // locks it again: the count only resets on a success). Returns the updated record, or nothing when
  // there is no such id. Whether a lock has expired is the caller's call, from locked_until.
  virtual Result<std::optional<UserRecord>> record_failed_login(std::string_view id, const LockoutPolicy& policy,
                                                                TimePoint now) = 0;
  // A successful login: resets the count and the lock, and stores `rehashed` when the hash was
  // upgraded to the current parameters. No such id is not an error (the user may have just been
  // re-imported); nothing is written.
  virtual Result<void> record_successful_login(std::string_view id, const std::optional<std::string>& rehashed,
                                               TimePoint now) = 0;
};

}  // namespace fapid::storage
