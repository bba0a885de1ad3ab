#pragma once
// The UserRepository contract (src/storage/user_repository.hpp), one typed suite for every adapter.
// Factory shape: tests/unit/storage/contract/README.md. Times are explicit arguments, in whole
// milliseconds, so lockout needs no sleeping.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/user_repository.hpp"
#include "unit/storage/contract/contract_support.hpp"
#include "unit/storage/contract/race_support.hpp"

namespace fapid::storage::testing {

template <class Factory>
class UserRepositoryContract : public ::testing::Test {
 protected:
  void SetUp() override {
    backing_ = Factory::fresh_backing();
    repo_ = Factory::open_users(backing_);
    ASSERT_NE(repo_, nullptr);
  }

  std::string id(const std::string& what) { return what + "-" + std::to_string(++counter_); }

  UserRecord user() {
    UserRecord u;
    u.id = id("sub");
    u.login = id("login");
    u.document = "52998224725";
    u.name = "Maria da Silva";
    u.email = u.login + "@example.com.br";
    u.attributes_json = R"({"phone_number":"+5511999990000"})";
    u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    u.created_at = now_;
    u.updated_at = now_;
    return u;
  }
  UserRecord added() {
    auto u = user();
    EXPECT_EQ(ok(repo_->add_user(u)), AddUserOutcome::added);
    return u;
  }

  std::string backing_;
  std::shared_ptr<UserRepository> repo_;
  TimePoint now_ = whole_ms(std::chrono::system_clock::now());
  LockoutPolicy policy_{3, std::chrono::minutes(15)};
  int counter_ = 0;
};

TYPED_TEST_SUITE_P(UserRepositoryContract);

TYPED_TEST_P(UserRepositoryContract, AnAddedUserIsFoundByLoginAndByIdWithEveryField) {
  auto u = this->user();
  u.disabled = true;
  u.failed_logins = 2;
  u.locked_until = this->now_ + std::chrono::minutes(5);
  u.updated_at = this->now_ + std::chrono::seconds(1);
  ASSERT_EQ(ok(this->repo_->add_user(u)), AddUserOutcome::added);
  EXPECT_EQ(ok(this->repo_->find_by_login(u.login)), std::optional<UserRecord>(u));
  EXPECT_EQ(ok(this->repo_->find_by_id(u.id)), std::optional<UserRecord>(u));
  EXPECT_EQ(ok(this->repo_->find_by_login("no-such-login")), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_by_id("no-such-sub")), std::nullopt);
  // The login is compared exactly: callers normalise before storing.
  std::string upper = u.login;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  EXPECT_EQ(ok(this->repo_->find_by_login(upper)), std::nullopt);
}

TYPED_TEST_P(UserRepositoryContract, ATakenLoginIsRefusedAndWritesNothing) {
  const auto first = this->added();
  auto second = this->user();
  second.login = first.login;
  EXPECT_EQ(ok(this->repo_->add_user(second)), AddUserOutcome::login_taken);
  EXPECT_EQ(ok(this->repo_->find_by_id(second.id)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_by_login(first.login)), std::optional<UserRecord>(first));
}

TYPED_TEST_P(UserRepositoryContract, AnImportAddsEveryUser) {
  std::vector<UserRecord> users;
  for (int i = 0; i < 5; ++i) users.push_back(this->user());
  EXPECT_EQ(ok(this->repo_->import_users(users)), 5u);
  for (const auto& u : users) EXPECT_EQ(ok(this->repo_->find_by_login(u.login)), std::optional<UserRecord>(u));
  EXPECT_EQ(ok(this->repo_->import_users({})), 0u);
}

TYPED_TEST_P(UserRepositoryContract, AnImportWithATakenLoginWritesNothingAndNamesTheLogin) {
  const auto existing = this->added();
  std::vector<UserRecord> users{this->user(), this->user(), this->user()};
  users[2].login = existing.login;
  auto r = this->repo_->import_users(users);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_NE(r.error().detail.find(existing.login), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().description.find(existing.login), std::string::npos) << "the login stays out of the public text";
  for (int i = 0; i < 2; ++i) EXPECT_EQ(ok(this->repo_->find_by_id(users[static_cast<std::size_t>(i)].id)), std::nullopt);

  // A login twice in one import is refused the same way.
  std::vector<UserRecord> twice{this->user(), this->user()};
  twice[1].login = twice[0].login;
  auto again = this->repo_->import_users(twice);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::invalid_request);
  EXPECT_NE(again.error().detail.find(twice[0].login), std::string::npos) << again.error().detail;
  EXPECT_EQ(ok(this->repo_->find_by_id(twice[0].id)), std::nullopt);
}

TYPED_TEST_P(UserRepositoryContract, AUserIsDisabledAndEnabledByLogin) {
  const auto u = this->added();
  const auto later = this->now_ + std::chrono::minutes(1);
  EXPECT_TRUE(ok(this->repo_->set_disabled(u.login, true, later)));
  auto stored = ok(this->repo_->find_by_login(u.login));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->disabled);
  EXPECT_EQ(stored->updated_at, later);
  EXPECT_EQ(stored->created_at, u.created_at);
  EXPECT_TRUE(ok(this->repo_->set_disabled(u.login, false, later)));
  stored = ok(this->repo_->find_by_login(u.login));
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->disabled);
  EXPECT_FALSE(ok(this->repo_->set_disabled("no-such-login", true, later)));
}

TYPED_TEST_P(UserRepositoryContract, FailedLoginsCountUpToTheLock) {
  const auto u = this->added();
  for (int n = 1; n < this->policy_.max_failures; ++n) {
    const auto after = ok(this->repo_->record_failed_login(u.id, this->policy_, this->now_));
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->failed_logins, n);
    EXPECT_EQ(after->locked_until, std::nullopt);
  }
  const auto at = this->now_ + std::chrono::seconds(30);
  const auto locked = ok(this->repo_->record_failed_login(u.id, this->policy_, at));
  ASSERT_TRUE(locked.has_value());
  EXPECT_EQ(locked->failed_logins, this->policy_.max_failures);
  EXPECT_EQ(locked->locked_until, std::optional<TimePoint>(at + this->policy_.lock_for));
  EXPECT_EQ(locked->updated_at, at);
  EXPECT_EQ(ok(this->repo_->find_by_id(u.id)), locked);
  EXPECT_EQ(ok(this->repo_->record_failed_login("no-such-sub", this->policy_, at)), std::nullopt);
}

TYPED_TEST_P(UserRepositoryContract, TheLockIsARecordTheCallerReadsNotOneTheStoreLifts) {
  const auto u = this->added();
  for (int n = 0; n < this->policy_.max_failures; ++n) ok(this->repo_->record_failed_login(u.id, this->policy_, this->now_));
  // Long after the lock ended the record still says when it ended: expiry is the caller's call.
  const auto stored = ok(this->repo_->find_by_id(u.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->locked_until, std::optional<TimePoint>(this->now_ + this->policy_.lock_for));
  // The count only resets on a success, so one more failure after the lock locks again, from then.
  const auto later = this->now_ + std::chrono::hours(1);
  const auto again = ok(this->repo_->record_failed_login(u.id, this->policy_, later));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->failed_logins, this->policy_.max_failures + 1);
  EXPECT_EQ(again->locked_until, std::optional<TimePoint>(later + this->policy_.lock_for));
}

TYPED_TEST_P(UserRepositoryContract, ASuccessfulLoginResetsTheCountAndStoresTheRehash) {
  const auto u = this->added();
  for (int n = 0; n < this->policy_.max_failures; ++n) ok(this->repo_->record_failed_login(u.id, this->policy_, this->now_));
  const auto later = this->now_ + std::chrono::hours(1);
  ok(this->repo_->record_successful_login(u.id, std::nullopt, later));
  auto stored = ok(this->repo_->find_by_id(u.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->failed_logins, 0);
  EXPECT_EQ(stored->locked_until, std::nullopt);
  EXPECT_EQ(stored->password_hash, u.password_hash);
  EXPECT_EQ(stored->updated_at, later);

  const std::string rehashed = "$argon2id$v=19$m=65536,t=3,p=1$bmV3c2FsdA$bmV3aGFzaA";
  ok(this->repo_->record_successful_login(u.id, rehashed, later));
  stored = ok(this->repo_->find_by_id(u.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->password_hash, rehashed);
  ok(this->repo_->record_successful_login("no-such-sub", rehashed, later));  // not an error
}

TYPED_TEST_P(UserRepositoryContract, TwelveThreadsFailingAtOnceCountEveryFailure) {
  const auto u = this->added();
  constexpr int kThreads = 12, kEach = 5;
  const LockoutPolicy policy{kThreads * kEach, std::chrono::minutes(15)};
  std::mutex mutex;
  std::vector<int> counts;
  count_thread_wins(kThreads, [&] {
    for (int i = 0; i < kEach; ++i) {
      auto r = this->repo_->record_failed_login(u.id, policy, this->now_);
      if (!r.has_value() || !r->has_value()) return false;
      std::lock_guard lock(mutex);
      counts.push_back((*r)->failed_logins);
    }
    return true;
  });
  // Each failure saw its own count: none was lost to a read-modify-write race.
  std::sort(counts.begin(), counts.end());
  std::vector<int> expected(kThreads * kEach);
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int>(i) + 1;
  EXPECT_EQ(counts, expected);
  const auto stored = ok(this->repo_->find_by_id(u.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->failed_logins, kThreads * kEach);
  EXPECT_EQ(stored->locked_until, std::optional<TimePoint>(this->now_ + policy.lock_for));
}

TYPED_TEST_P(UserRepositoryContract, AnOutageIsUnavailableNeverAVerdict) {
  const auto repo = TypeParam::open_unavailable_users();
  ASSERT_NE(repo, nullptr);
  const auto expect_unavailable = [](const OAuthError& e) {
    EXPECT_EQ(e.code, ErrorCode::temporarily_unavailable) << e.detail;
    EXPECT_EQ(e.status, 503);
  };
  const auto u = this->user();
  auto added = repo->add_user(u);
  ASSERT_FALSE(added.has_value());
  expect_unavailable(added.error());
  auto imported = repo->import_users({u});
  ASSERT_FALSE(imported.has_value());
  expect_unavailable(imported.error());
  auto disabled = repo->set_disabled(u.login, true, this->now_);
  ASSERT_FALSE(disabled.has_value());
  expect_unavailable(disabled.error());
  auto failed = repo->record_failed_login(u.id, this->policy_, this->now_);
  ASSERT_FALSE(failed.has_value());
  expect_unavailable(failed.error());
  auto succeeded = repo->record_successful_login(u.id, std::nullopt, this->now_);
  ASSERT_FALSE(succeeded.has_value());
  expect_unavailable(succeeded.error());
}

REGISTER_TYPED_TEST_SUITE_P(UserRepositoryContract, AnAddedUserIsFoundByLoginAndByIdWithEveryField,
                            ATakenLoginIsRefusedAndWritesNothing, AnImportAddsEveryUser,
                            AnImportWithATakenLoginWritesNothingAndNamesTheLogin, AUserIsDisabledAndEnabledByLogin,
                            FailedLoginsCountUpToTheLock, TheLockIsARecordTheCallerReadsNotOneTheStoreLifts,
                            ASuccessfulLoginResetsTheCountAndStoresTheRehash,
                            TwelveThreadsFailingAtOnceCountEveryFailure, AnOutageIsUnavailableNeverAVerdict);

}  // namespace fapid::storage::testing
