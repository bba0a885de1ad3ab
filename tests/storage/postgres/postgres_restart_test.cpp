// PostgreSQL restarting under load (ATTACKS.md R04, R05): every failure meanwhile is 503
// temporarily_unavailable (never invalid_grant or server_error), service resumes by itself within
// 5 s of the server returning, nothing confirmed is lost, and no refresh token family ends up with
// two live tokens. These tests stop the real server: scripts/services.sh brings it back.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <pqxx/nontransaction>
#include <thread>
#include <vector>

#include "postgres_test_support.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

TimePoint now_ms() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }
double seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

// Whatever a test does, the server is running when it ends.
struct ServerComesBack {
  ~ServerComesBack() { services("start-postgres"); }
};

struct Family {
  std::string grant_id;
  std::string live_token;  // the newest refresh token the store confirmed
  int rotations = 0;
};

// Which path produced a failure, for the figures.
std::string kind_of(const std::string& detail) {
  for (const char* kind : {"in_doubt_error", "connection refused or broken", "waiting to reconnect", "busy", "SQLSTATE"}) {
    if (detail.find(kind) != std::string::npos) return kind;
  }
  return "other";
}

// What the workers saw, shared between them.
class Observations {
 public:
  void failed(const OAuthError& e) {
    std::lock_guard lock(mutex_);
    ++failures_;
    ++kinds_[kind_of(e.detail)];
    if (first_failure_ == Steady::time_point{}) first_failure_ = Steady::now();
    last_failure_ = Steady::now();
    if (e.code != ErrorCode::temporarily_unavailable || e.status != 503) wrong_errors_.push_back(e.detail);
  }
  void succeeded() {
    std::lock_guard lock(mutex_);
    last_success_ = Steady::now();
    if (after_restart_ != Steady::time_point{} && first_success_after_ == Steady::time_point{} &&
        last_success_ > after_restart_)
      first_success_after_ = last_success_;
  }
  void created(const std::string& grant_id) {
    std::lock_guard lock(mutex_);
    created_.push_back(grant_id);
  }
  void confirmed(const Family& f) {
    std::lock_guard lock(mutex_);
    confirmed_.push_back(f);
  }
  void unexpected(const std::string& what) {
    std::lock_guard lock(mutex_);
    unexpected_.push_back(what);
  }
  void restart_done() {
    std::lock_guard lock(mutex_);
    after_restart_ = Steady::now();
  }
  bool failed_within(Steady::duration d) {
    std::lock_guard lock(mutex_);
    return failures_ > 0 && Steady::now() - last_failure_ < d;
  }

  std::mutex mutex_;
  int failures_ = 0;
  std::map<std::string, int> kinds_;
  std::vector<std::string> wrong_errors_;
  std::vector<std::string> unexpected_;
  std::vector<std::string> created_;
  std::vector<Family> confirmed_;
  Steady::time_point first_failure_{}, last_failure_{}, last_success_{}, after_restart_{}, first_success_after_{};
};

// One client: creates a grant, rotates its refresh token five times, starts a new one. After an
// error the outcome is unknown (the commit may have happened), so the family is left alone.
void client_loop(GrantRepository& repo, int worker, const std::atomic<bool>& stop, Observations& seen) {
  std::optional<Family> family;
  for (int n = 0; !stop.load(); ++n) {
    const auto now = now_ms();
    const std::string base = "w" + std::to_string(worker) + "-" + std::to_string(n);
    if (!family) {
      GrantRecord g{base + "-grant", "tpp-one", "user-1", "openid", "", base + "-code", "{}", now, now + 1h, std::nullopt};
      RefreshTokenRecord rt{base + "-rt", g.id, {}, now, now + 1h, std::nullopt};
      AccessTokenRecord at{base + "-at", g.id, "tpp-one", "openid", {}, now, now + 5min, std::nullopt};
      auto r = repo.create_grant(g, rt, at);
      if (!r) {
        seen.failed(r.error());
        std::this_thread::sleep_for(10ms);  // a client's retry pause
      } else if (*r != CreateOutcome::created) {
        seen.unexpected("create_grant refused a fresh code");
      } else {
        seen.succeeded();
        seen.created(g.id);
        family = Family{g.id, rt.token_hash};
      }
      continue;
    }
    RefreshTokenRecord next{base + "-rt", "", {}, now, now + 1h, std::nullopt};
    AccessTokenRecord at{base + "-at", "", "tpp-one", "openid", {}, now, now + 5min, std::nullopt};
    auto r = repo.rotate_refresh_token(family->live_token, next, at, now);
    if (!r) {
      seen.failed(r.error());
      family.reset();
      std::this_thread::sleep_for(10ms);
    } else if (*r != RotateOutcome::rotated) {
      seen.unexpected("rotation of a live token answered " + std::to_string(static_cast<int>(*r)));
      family.reset();
    } else {
      seen.succeeded();
      family->live_token = next.token_hash;
      if (++family->rotations == 5) {
        seen.confirmed(*family);
        family.reset();
      }
    }
  }
  if (family) seen.confirmed(*family);
}

TEST(PostgresRestart, R05RestartUnderLoadOnlyEverAnswers503AndLosesNothing) {
  const auto schema = fresh_schema();
  auto stores = open_migrated(schema, 8);
  ASSERT_TRUE(stores.grants);
  ServerComesBack guard;
  Observations seen;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  const auto started = Steady::now();
  for (int w = 0; w < 8; ++w) clients.emplace_back([&, w] { client_loop(*stores.grants, w, stop, seen); });

  std::this_thread::sleep_for(1500ms);
  const auto restart_begun = Steady::now();
  const bool restarted = services("restart-postgres");
  seen.restart_done();
  const auto restart_done = Steady::now();
  const auto end = std::max(started + 6s, restart_done + 3s);
  while (Steady::now() < end || (seen.failed_within(1s) && Steady::now() < restart_done + 8s)) std::this_thread::sleep_for(50ms);
  stop = true;
  for (auto& t : clients) t.join();
  ASSERT_TRUE(restarted) << "scripts/services.sh restart-postgres failed";

  std::lock_guard lock(seen.mutex_);
  std::cout << "[ figures  ] restart took " << seconds(restart_done - restart_begun) << " s; " << seen.failures_
            << " failures, all expected 503, from +" << seconds(seen.first_failure_ - restart_begun) << " s to +"
            << seconds(seen.last_failure_ - restart_begun) << " s after the restart began (outage "
            << seconds(seen.last_failure_ - seen.first_failure_) << " s); first success "
            << seconds(seen.first_success_after_ - restart_done) << " s after the server was back; "
            << seen.created_.size() << " grants created, " << seen.confirmed_.size() << " families confirmed\n";
  for (const auto& [kind, n] : seen.kinds_) std::cout << "[ figures  ]   " << n << " x " << kind << "\n";
  EXPECT_GT(seen.failures_, 0) << "the restart was not noticed";
  EXPECT_TRUE(seen.wrong_errors_.empty()) << seen.wrong_errors_.size() << " failures were not 503, first: "
                                          << seen.wrong_errors_.front();
  EXPECT_TRUE(seen.unexpected_.empty()) << seen.unexpected_.front();
  ASSERT_NE(seen.first_success_after_, Steady::time_point{}) << "never recovered";
  EXPECT_LT(seen.first_success_after_ - restart_done, 5s);
  EXPECT_LT(seen.last_failure_ - restart_done, 5s) << "still failing 5 s after the server came back";
  EXPECT_GT(seen.last_success_, seen.last_failure_);

  // R04: every grant whose creation was confirmed exists; R05: every confirmed refresh token is live.
  for (const auto& id : seen.created_) {
    auto found = stores.grants->find_grant(id);
    ASSERT_TRUE(found.has_value()) << found.error().detail;
    EXPECT_TRUE(found->has_value()) << "confirmed grant lost: " << id;
  }
  for (const auto& family : seen.confirmed_) {
    auto found = stores.grants->find_refresh_token(family.live_token, now_ms());
    ASSERT_TRUE(found.has_value()) << found.error().detail;
    EXPECT_TRUE(found->has_value()) << "confirmed refresh token lost: " << family.live_token;
  }
  auto db = admin_connection();
  pqxx::nontransaction tx(*db);
  const auto doubled = tx.exec("SELECT grant_id FROM " + db->quote_name(schema) +
                               ".refresh_tokens WHERE consumed_at IS NULL GROUP BY grant_id HAVING count(*) > 1");
  EXPECT_EQ(doubled.size(), 0u) << "families with two live refresh tokens";
}

TEST(PostgresRestart, PingFailsFastWhileTheServerIsDownAndRecoversWhenItReturns) {
  auto stores = open_migrated(fresh_schema());
  ASSERT_TRUE(stores.grants);
  ASSERT_TRUE(stores.grants->ping().has_value());
  ServerComesBack guard;
  ASSERT_TRUE(services("stop-postgres"));

  auto first = stores.grants->ping();
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(first.error().status, 503);
  for (int i = 0; i < 10; ++i) {
    const auto began = Steady::now();
    auto down = stores.grants->ping();
    const auto took = Steady::now() - began;
    ASSERT_FALSE(down.has_value());
    EXPECT_EQ(down.error().status, 503);
    EXPECT_LT(took, 200ms) << "ping waited instead of failing fast (connect timeout is 2 s)";
    std::this_thread::sleep_for(20ms);
  }

  ASSERT_TRUE(services("start-postgres"));
  const auto back = Steady::now();
  Result<void> up = store_unavailable("not tried");
  while (!(up = stores.grants->ping()).has_value() && Steady::now() - back < 5s) std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(up.has_value()) << up.error().detail;
  std::cout << "[ figures  ] ping recovered " << seconds(Steady::now() - back) << " s after the server was back\n";
}

}  // namespace
}  // namespace fapid::storage::testing
