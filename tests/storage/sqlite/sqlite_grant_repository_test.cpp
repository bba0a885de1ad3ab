// What the SQLite grant repository does beyond the shared contract: nothing it acknowledged is lost
// when the process dies mid-write or the file is closed (DESIGN.md: nothing durable is lost on a crash
// of the AS), and a write it cannot make in time is an outage, not a verdict.
#include "storage/sqlite/sqlite_grant_repository.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_test_support.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace fapid::storage::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kIdsToRead = 300;

std::shared_ptr<SqliteGrantRepository> open_repository(const std::string& path) {
  auto database = SqliteDatabase::open(SqliteOptions{path});
  return database ? std::make_shared<SqliteGrantRepository>(*database) : nullptr;
}

// The forked child: creates grants for ever, each with a fresh id and tokens, and reports an id on the
// pipe only once create_grant has returned created. Never returns; the parent kills it.
// Exit codes say where it stopped; the reason goes to stderr with write(2).
[[noreturn]] void fail(int code, const std::string& why) {
  const std::string line = "child: " + why + "\n";
  (void)!write(STDERR_FILENO, line.data(), line.size());
  _exit(code);
}

[[noreturn]] void create_grants_until_killed(const std::string& path, int out) {
  auto repo = open_repository(path);
  if (!repo) fail(2, "cannot open " + path);
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  for (long n = 0;; ++n) {
    const std::string id = "crash-grant-" + std::to_string(n);
    GrantRecord grant{id, "tpp-one", "user-1", "openid", "", "code-" + id, "{}", now, now + 1h, std::nullopt};
    RefreshTokenRecord refresh{"rt-" + id, id, {}, now, now + 1h, std::nullopt};
    AccessTokenRecord access{"at-" + id, id, "tpp-one", "openid", {}, now, now + 5min, std::nullopt};
    auto created = repo->create_grant(grant, refresh, access);
    if (!created) fail(3, "create_grant failed: " + created.error().detail);
    if (*created != CreateOutcome::created) fail(3, "create_grant did not create " + id);
    const std::string line = id + "\n";
    if (write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size())) fail(4, "write to the pipe failed");
  }
}

// Reads whole lines from `in` until `count` ids arrived, the child closed the pipe, or 60 s passed.
std::vector<std::string> read_ids(int in, std::size_t count) {
  std::vector<std::string> ids;
  std::string pending;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (ids.size() < count && std::chrono::steady_clock::now() < deadline) {
    pollfd p{in, POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(in, buffer, sizeof buffer);
    if (n <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    // One read may carry more lines than asked for: stop at `count`, every one of them acknowledged.
    for (auto end = pending.find('\n'); end != std::string::npos && ids.size() < count; end = pending.find('\n')) {
      ids.push_back(pending.substr(0, end));
      pending.erase(0, end + 1);
    }
  }
  return ids;  // a partial last line is dropped: its write may not have finished
}

TEST(SqliteGrantRepository, EveryAcknowledgedGrantSurvivesTheProcessBeingKilled) {
  for (int round = 0; round < 3; ++round) {
    const std::string path = fresh_sqlite_path();
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      create_grants_until_killed(path, fds[1]);
    }
    close(fds[1]);
    const auto ids = read_ids(fds[0], kIdsToRead);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "round " << round << ": the child stopped by itself after " << ids.size() << " grants, exit code "
        << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ", signal "
        << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    ASSERT_EQ(ids.size(), kIdsToRead) << "round " << round;

    auto repo = open_repository(path);  // recovers the write-ahead log of the killed writer
    ASSERT_NE(repo, nullptr);
    for (const auto& id : ids) {
      auto found = repo->find_grant(id);
      ASSERT_TRUE(found.has_value()) << found.error().detail;
      ASSERT_TRUE(found->has_value()) << "round " << round << ": acknowledged grant " << id << " was lost";
    }
    EXPECT_EQ(RawDb(path).text("PRAGMA integrity_check"), "ok") << "round " << round;
    EXPECT_EQ(RawDb(path).text("PRAGMA foreign_key_check"), "") << "round " << round;
  }
}

TEST(SqliteGrantRepository, GrantsCreatedConcurrentlyAreAllInTheFileWhenItIsOpenedAgain) {
  constexpr int kThreads = 16;
  constexpr int kGrantsPerThread = 20;
  constexpr int kGrants = kThreads * kGrantsPerThread;
  const std::string path = fresh_sqlite_path();
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto id = [](int thread, int n) { return "grant-" + std::to_string(thread) + "-" + std::to_string(n); };
  std::uint64_t commits = 0;
  {
    auto database = SqliteDatabase::open(SqliteOptions{path});
    ASSERT_TRUE(database.has_value()) << database.error().detail;
    SqliteGrantRepository repo(*database);
    std::atomic<int> created{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int n = 0; n < kGrantsPerThread; ++n) {
          const std::string g = id(t, n);
          GrantRecord grant{g, "tpp-one", "user-1", "openid", "", "code-" + g, "{}", now, now + 1h, std::nullopt};
          RefreshTokenRecord refresh{"rt-" + g, g, {}, now, now + 1h, std::nullopt};
          AccessTokenRecord access{"at-" + g, g, "tpp-one", "openid", {}, now, now + 5min, std::nullopt};
          auto r = repo.create_grant(grant, refresh, access);
          if (r.has_value() && *r == CreateOutcome::created) ++created;
        }
      });
    }
    for (auto& th : threads) th.join();
    ASSERT_EQ(created, kGrants);
    commits = (*database)->write_commits();
  }  // every connection to the file is closed here
  // Sixteen writers cannot all have missed one another: some grants shared a commit.
  EXPECT_LT(commits, static_cast<std::uint64_t>(kGrants));

  auto repo = open_repository(path);
  ASSERT_NE(repo, nullptr);
  for (int t = 0; t < kThreads; ++t) {
    for (int n = 0; n < kGrantsPerThread; ++n) {
      const std::string g = id(t, n);
      auto grant = repo->find_grant(g);
      ASSERT_TRUE(grant.has_value()) << grant.error().detail;
      EXPECT_TRUE(grant->has_value()) << g;
      auto refresh = repo->find_refresh_token("rt-" + g, now);
      ASSERT_TRUE(refresh.has_value()) << refresh.error().detail;
      EXPECT_TRUE(refresh->has_value()) << g;
    }
  }
  EXPECT_EQ(RawDb(path).text("SELECT count(*) FROM access_tokens"), std::to_string(kGrants));
  EXPECT_EQ(RawDb(path).text("PRAGMA integrity_check"), "ok");
}

TEST(SqliteGrantRepository, ARevokedSelfContainedTokenStaysRevokedWhenTheFileIsOpenedAgain) {
  const std::string path = fresh_sqlite_path();
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  {
    auto repo = open_repository(path);
    ASSERT_NE(repo, nullptr);
    auto revoked = repo->revoke_self_contained_token("jti-durable", "tpp-one", now + 5min, now);
    ASSERT_TRUE(revoked.has_value()) << revoked.error().detail;
  }  // every connection to the file is closed here
  auto repo = open_repository(path);
  ASSERT_NE(repo, nullptr);
  auto found = repo->self_contained_token_revoked("jti-durable", now);
  ASSERT_TRUE(found.has_value()) << found.error().detail;
  EXPECT_TRUE(*found);
  EXPECT_EQ(RawDb(path).text("SELECT client_id FROM revoked_jwt_access_tokens WHERE jti = 'jti-durable'"), "tpp-one");
}

TEST(SqliteGrantRepository, RevokingASelfContainedTokenInALockedFileIsTemporarilyUnavailable) {
  const std::string path = fresh_sqlite_path();
  auto database = SqliteDatabase::open(SqliteOptions{path, 200ms, 2});
  ASSERT_TRUE(database.has_value()) << database.error().detail;
  SqliteGrantRepository repo(*database);
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());

  RawDb other_process(path);
  ASSERT_EQ(other_process.exec("BEGIN IMMEDIATE"), SQLITE_OK);  // holds the one write lock
  auto revoked = repo.revoke_self_contained_token("jti-locked", "tpp-one", now + 5min, now);
  ASSERT_FALSE(revoked.has_value());
  EXPECT_EQ(revoked.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(revoked.error().status, 503);
  EXPECT_NE(revoked.error().detail.find("revoke_self_contained_token"), std::string::npos) << revoked.error().detail;
  // Readers are not blocked by a writer (WAL); the revocation succeeds once the lock is released.
  auto before = repo.self_contained_token_revoked("jti-locked", now);
  ASSERT_TRUE(before.has_value()) << before.error().detail;
  EXPECT_FALSE(*before);
  ASSERT_EQ(other_process.exec("ROLLBACK"), SQLITE_OK);
  ASSERT_TRUE(repo.revoke_self_contained_token("jti-locked", "tpp-one", now + 5min, now).has_value());
  EXPECT_TRUE(repo.self_contained_token_revoked("jti-locked", now).value());
}

}  // namespace
}  // namespace fapid::storage::testing
