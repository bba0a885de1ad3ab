// What the SQLite TTL store does beyond the shared contract: reclaiming expired rows, health probes.
#include "storage/sqlite/sqlite_ttl_store.hpp"

#include <gtest/gtest.h>

#include "sqlite_test_support.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;

class SqliteTtlStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = SqliteDatabase::open(SqliteOptions{path_});
    ASSERT_TRUE(database.has_value()) << database.error().detail;
    store_ = std::make_unique<SqliteTtlStore>(*database, clock_);
  }
  std::string rows() { return RawDb(path_).text("SELECT count(*) FROM ttl_entries"); }

  const std::string path_ = fresh_sqlite_path();
  FakeClock clock_;
  std::unique_ptr<SqliteTtlStore> store_;
};

TEST_F(SqliteTtlStoreTest, ExpiredRowsAreRemovedBySweepExpired) {
  ASSERT_TRUE(store_->put(TtlKind::par_request, "short", "v", 1s).has_value());
  ASSERT_TRUE(store_->put(TtlKind::authorization_code, "long", "v", 10s).has_value());
  ASSERT_TRUE(store_->increment(TtlKind::rate_limit, "client", 1s).has_value());
  EXPECT_EQ(store_->sweep_expired().value(), 0u);
  EXPECT_EQ(rows(), "3");

  clock_.advance(2s);
  EXPECT_EQ(store_->get(TtlKind::par_request, "short").value(), std::nullopt);  // invisible before the sweep
  EXPECT_EQ(store_->sweep_expired().value(), 2u);
  EXPECT_EQ(rows(), "1");
  EXPECT_EQ(store_->get(TtlKind::authorization_code, "long").value(), std::optional<std::string>("v"));

  clock_.advance(20s);
  EXPECT_EQ(store_->sweep_expired().value(), 1u);
  EXPECT_EQ(rows(), "0");
}

TEST_F(SqliteTtlStoreTest, AnEntryExpiresExactlyAtItsTtl) {
  ASSERT_TRUE(store_->put(TtlKind::par_request, "k", "v", 1000ms).has_value());
  clock_.advance(999ms);
  EXPECT_TRUE(store_->get(TtlKind::par_request, "k").value().has_value());
  clock_.advance(1ms);
  EXPECT_EQ(store_->get(TtlKind::par_request, "k").value(), std::nullopt);
  EXPECT_TRUE(store_->put_if_absent(TtlKind::par_request, "k", "again", 1s).value());
}

TEST_F(SqliteTtlStoreTest, AnEmptyValueIsStoredAsEmptyNotAsMissing) {
  ASSERT_TRUE(store_->put(TtlKind::interaction, "empty", "", 60s).has_value());
  EXPECT_EQ(store_->get(TtlKind::interaction, "empty").value(), std::optional<std::string>(""));
  EXPECT_EQ(store_->consume(TtlKind::interaction, "empty").value(), std::optional<std::string>(""));
}

TEST_F(SqliteTtlStoreTest, PingAnswersAndNamesTheStore) {
  EXPECT_TRUE(store_->ping().has_value());
  EXPECT_EQ(store_->name(), "sqlite");
}

}  // namespace
}  // namespace fapid::storage::testing
