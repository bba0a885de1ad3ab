// SqliteGrantRepository::create_grant_once: with the SqliteTtlStore of its own database, the single-use
// key and the grant are one transaction (one commit); with any other TtlStore, the port's default
// takes the key first. Either way a live key writes nothing, and a refused grant leaves the key taken.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "sqlite_test_support.hpp"
#include "unit/storage/contract/contract_support.hpp"
#include "storage/sqlite/sqlite_grant_repository.hpp"
#include "storage/sqlite/sqlite_ttl_store.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;

class GrantOnceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = open(path_);
    ASSERT_NE(database_, nullptr);
    ttl_ = std::make_unique<SqliteTtlStore>(database_, clock_);
    grants_ = std::make_unique<SqliteGrantRepository>(database_);
  }

  static std::shared_ptr<SqliteDatabase> open(const std::string& path) {
    auto database = SqliteDatabase::open(SqliteOptions{path});
    return database ? *database : nullptr;
  }

  GrantRecord grant(const std::string& id, const std::string& code_hash = {}) const {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.now());
    return GrantRecord{id, "tpp-one", "", "accounts", "", code_hash, "{}", now, now + 5min, std::nullopt};
  }
  AccessTokenRecord access(const std::string& hash) const {
    const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(clock_.now());
    return AccessTokenRecord{hash, "", "tpp-one", "accounts", Confirmation{"x5t", ""}, now, now + 5min, std::nullopt};
  }
  Result<CreateOutcome> once(TtlStore& ttl, const std::string& key, const GrantRecord& g, const std::string& token) {
    return grants_->create_grant_once(ttl, SingleUseKey{TtlKind::client_assertion_jti, key, 60s}, g, std::nullopt,
                                      access(token));
  }
  std::optional<std::string> key_value(TtlStore& ttl, const std::string& key) {
    auto v = ttl.get(TtlKind::client_assertion_jti, key);
    EXPECT_TRUE(v.has_value());
    return v ? *v : std::nullopt;
  }
  std::string count(const std::string& table) { return RawDb(path_).text("SELECT count(*) FROM " + table); }

  const std::string path_ = fresh_sqlite_path();
  FakeClock clock_;
  std::shared_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteTtlStore> ttl_;
  std::unique_ptr<SqliteGrantRepository> grants_;
};

TEST_F(GrantOnceTest, takes_the_key_and_records_the_grant_in_one_commit) {
  const auto before = database_->write_commits();
  auto created = once(*ttl_, "jti-1", grant("g-1"), "at-1");
  ASSERT_TRUE(created.has_value()) << created.error().detail;
  EXPECT_EQ(*created, CreateOutcome::created);
  EXPECT_EQ(database_->write_commits() - before, 1u);
  EXPECT_EQ(key_value(*ttl_, "jti-1"), std::optional<std::string>(kSingleUseMark));
  auto found = grants_->find_access_token("at-1", clock_.now());
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->grant.id, "g-1");
}

TEST_F(GrantOnceTest, a_live_key_writes_nothing) {
  ASSERT_TRUE(ok(ttl_->put_if_absent(TtlKind::client_assertion_jti, "jti-1", "1", 60s)));
  auto created = once(*ttl_, "jti-1", grant("g-1"), "at-1");
  ASSERT_TRUE(created.has_value()) << created.error().detail;
  EXPECT_EQ(*created, CreateOutcome::key_already_used);
  EXPECT_EQ(count("grants"), "0");
  EXPECT_EQ(count("access_tokens"), "0");
}

TEST_F(GrantOnceTest, the_same_key_in_another_kind_is_another_key) {
  ASSERT_TRUE(ok(ttl_->put_if_absent(TtlKind::request_object_jti, "jti-1", "1", 60s)));
  EXPECT_EQ(ok(once(*ttl_, "jti-1", grant("g-1"), "at-1")), CreateOutcome::created);
}

TEST_F(GrantOnceTest, an_expired_key_is_taken_again) {
  ASSERT_EQ(ok(once(*ttl_, "jti-1", grant("g-1"), "at-1")), CreateOutcome::created);
  EXPECT_EQ(ok(once(*ttl_, "jti-1", grant("g-2"), "at-2")), CreateOutcome::key_already_used);
  clock_.advance(61s);
  EXPECT_EQ(ok(once(*ttl_, "jti-1", grant("g-3"), "at-3")), CreateOutcome::created);
  EXPECT_EQ(count("grants"), "2");
}

TEST_F(GrantOnceTest, a_grant_that_fails_leaves_the_key_free) {
  ASSERT_EQ(ok(grants_->create_grant(grant("g-1"), std::nullopt, access("at-1"))),
            CreateOutcome::created);
  auto duplicate = once(*ttl_, "jti-1", grant("g-1"), "at-2");  // the grant id exists: the insert fails
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(key_value(*ttl_, "jti-1"), std::nullopt);
  EXPECT_EQ(count("access_tokens"), "1");
  EXPECT_EQ(ok(once(*ttl_, "jti-1", grant("g-2"), "at-2")), CreateOutcome::created);
}

TEST_F(GrantOnceTest, a_redeemed_code_keeps_the_key_taken_and_writes_no_grant) {
  ASSERT_EQ(ok(grants_->create_grant(grant("g-1", "code-1"), std::nullopt, std::nullopt)),
            CreateOutcome::created);
  auto again = once(*ttl_, "jti-1", grant("g-2", "code-1"), "at-2");
  ASSERT_TRUE(again.has_value()) << again.error().detail;
  EXPECT_EQ(*again, CreateOutcome::code_already_redeemed);
  EXPECT_EQ(key_value(*ttl_, "jti-1"), std::optional<std::string>(kSingleUseMark));
  EXPECT_EQ(count("grants"), "1");
  EXPECT_EQ(count("access_tokens"), "0");
}

TEST_F(GrantOnceTest, a_ttl_store_of_another_database_takes_the_key_on_its_own) {
  const std::string other_path = fresh_sqlite_path();
  auto other_database = open(other_path);
  ASSERT_NE(other_database, nullptr);
  SqliteTtlStore other(other_database, clock_);
  const auto before = database_->write_commits();
  ASSERT_EQ(ok(once(other, "jti-1", grant("g-1"), "at-1")), CreateOutcome::created);
  EXPECT_EQ(key_value(other, "jti-1"), std::optional<std::string>(kSingleUseMark));
  EXPECT_EQ(key_value(*ttl_, "jti-1"), std::nullopt);
  EXPECT_EQ(database_->write_commits() - before, 1u);  // the grant alone; the key went to the other file
  EXPECT_EQ(ok(once(other, "jti-1", grant("g-2"), "at-2")), CreateOutcome::key_already_used);
  EXPECT_EQ(count("grants"), "1");
}

}  // namespace
}  // namespace fapid::storage::testing
