#pragma once
// The GrantRepository and AuditLog contract (src/storage/grant_repository.hpp), one typed suite for
// every adapter. Factory shape: tests/unit/storage/contract/README.md. Times are explicit arguments,
// so expiry needs no sleeping; they are whole milliseconds, the precision adapters keep.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "storage/grant_repository.hpp"
#include "unit/storage/contract/contract_support.hpp"
#include "unit/storage/contract/race_support.hpp"

namespace fapid::storage::testing {

using namespace std::chrono_literals;

template <class Factory>
class GrantRepositoryContract : public ::testing::Test {
 protected:
  void SetUp() override {
    backing_ = Factory::fresh_backing();
    repo_ = Factory::open_grants(backing_);
    audit_ = Factory::open_audit(backing_);
    ASSERT_NE(repo_, nullptr);
    ASSERT_NE(audit_, nullptr);
  }

  // Unique per call, so tests never collide inside one backing.
  std::string id(const std::string& what) { return what + "-" + std::to_string(++counter_); }

  GrantRecord grant(const std::string& code_hash = {}) {
    GrantRecord g;
    g.id = id("grant");
    g.client_id = "tpp-one";
    g.subject = "user-1";
    g.scope = "openid accounts";
    g.consent_id = "urn:bank:consent-1";
    g.code_hash = code_hash;
    g.claims_json = R"({"auth_time":1700000000})";
    g.created_at = now_;
    g.expires_at = now_ + 24h;
    return g;
  }
  RefreshTokenRecord refresh(const GrantRecord& g, const std::string& hash) {
    return RefreshTokenRecord{hash, g.id, Confirmation{"x5t-thumbprint", ""}, now_, now_ + 12h, std::nullopt};
  }
  AccessTokenRecord access(const GrantRecord& g, const std::string& hash) {
    return AccessTokenRecord{hash, g.id, g.client_id, g.scope, Confirmation{"x5t-thumbprint", ""}, now_, now_ + 5min, std::nullopt};
  }
  // A grant with one refresh and one access token, recorded.
  GrantRecord issued(const std::string& rt, const std::string& at, const std::string& code = {}) {
    auto g = grant(code.empty() ? id("code") : code);
    EXPECT_EQ(ok(repo_->create_grant(g, refresh(g, rt), access(g, at))), CreateOutcome::created);
    return g;
  }

  std::string backing_;
  std::shared_ptr<GrantRepository> repo_;
  std::shared_ptr<AuditLog> audit_;
  TimePoint now_ = whole_ms(std::chrono::system_clock::now());
  int counter_ = 0;
};

TYPED_TEST_SUITE_P(GrantRepositoryContract);

TYPED_TEST_P(GrantRepositoryContract, ACreatedGrantIsFoundWithItsTokens) {
  const auto g = this->issued(this->id("rt"), this->id("at"));
  EXPECT_EQ(ok(this->repo_->find_grant(g.id)), std::optional<GrantRecord>(g));
  EXPECT_EQ(ok(this->repo_->find_grant("no-such-grant")), std::nullopt);
}

TYPED_TEST_P(GrantRepositoryContract, TokensAreFoundByHashWithTheirGrant) {
  const std::string rt = this->id("rt"), at = this->id("at");
  const auto g = this->issued(rt, at);
  const auto refresh_view = ok(this->repo_->find_refresh_token(rt, this->now_));
  ASSERT_TRUE(refresh_view.has_value());
  EXPECT_EQ(refresh_view->token, this->refresh(g, rt));
  EXPECT_EQ(refresh_view->grant, g);
  const auto access_view = ok(this->repo_->find_access_token(at, this->now_));
  ASSERT_TRUE(access_view.has_value());
  EXPECT_EQ(access_view->token, this->access(g, at));
  EXPECT_EQ(access_view->grant, g);
  // A refresh token is not an access token and the other way round.
  EXPECT_EQ(ok(this->repo_->find_access_token(rt, this->now_)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_refresh_token(at, this->now_)), std::nullopt);
}

TYPED_TEST_P(GrantRepositoryContract, AGrantWithoutRefreshTokenOrCodeIsRecorded) {
  auto g = this->grant();  // client_credentials: no code, no refresh token
  g.subject.clear();
  const std::string at = this->id("at");
  EXPECT_EQ(ok(this->repo_->create_grant(g, std::nullopt, this->access(g, at))), CreateOutcome::created);
  auto g2 = this->grant();
  EXPECT_EQ(ok(this->repo_->create_grant(g2, std::nullopt, std::nullopt)), CreateOutcome::created);
  EXPECT_TRUE(ok(this->repo_->find_access_token(at, this->now_)).has_value());
}

TYPED_TEST_P(GrantRepositoryContract, ASecondGrantFromTheSameCodeIsRefusedAndWritesNothing) {
  const std::string code = this->id("code");
  this->issued(this->id("rt"), this->id("at"), code);
  auto second = this->grant(code);
  const std::string rt2 = this->id("rt"), at2 = this->id("at");
  EXPECT_EQ(ok(this->repo_->create_grant(second, this->refresh(second, rt2), this->access(second, at2))),
            CreateOutcome::code_already_redeemed);
  EXPECT_EQ(ok(this->repo_->find_grant(second.id)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt2, this->now_)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_access_token(at2, this->now_)), std::nullopt);
}

TYPED_TEST_P(GrantRepositoryContract, CreatingAGrantIsAllOrNothing) {
  const std::string taken = this->id("rt");
  this->issued(taken, this->id("at"));
  auto g = this->grant(this->id("code"));
  const std::string at = this->id("at");
  auto r = this->repo_->create_grant(g, this->refresh(g, taken), this->access(g, at));  // refresh hash collides
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::server_error);
  EXPECT_EQ(ok(this->repo_->find_grant(g.id)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_access_token(at, this->now_)), std::nullopt);
  // The code of the failed attempt is still redeemable: nothing of it was written.
  EXPECT_EQ(ok(this->repo_->create_grant(g, this->refresh(g, this->id("rt")), std::nullopt)), CreateOutcome::created);
}

TYPED_TEST_P(GrantRepositoryContract, RevokingByCodeRevokesEveryTokenOfTheGrant) {
  const std::string code = this->id("code"), rt = this->id("rt"), at = this->id("at");
  const auto g = this->issued(rt, at, code);
  EXPECT_TRUE(ok(this->repo_->revoke_grant_by_code(code, this->now_)));
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt, this->now_)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_access_token(at, this->now_)), std::nullopt);
  const auto stored = ok(this->repo_->find_grant(g.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->revoked_at, std::optional<TimePoint>(this->now_));
  EXPECT_FALSE(ok(this->repo_->revoke_grant_by_code(this->id("unknown-code"), this->now_)));
  // The code stays redeemed after revocation.
  auto again = this->grant(code);
  EXPECT_EQ(ok(this->repo_->create_grant(again, std::nullopt, std::nullopt)), CreateOutcome::code_already_redeemed);
}

TYPED_TEST_P(GrantRepositoryContract, RotationConsumesTheOldTokenAndIssuesTheNewOnes) {
  const std::string rt = this->id("rt");
  const auto g = this->issued(rt, this->id("at"));
  const std::string rt2 = this->id("rt"), at2 = this->id("at");
  RefreshTokenRecord next = this->refresh(g, rt2);
  next.grant_id = "ignored: the old token's grant is used";
  EXPECT_EQ(ok(this->repo_->rotate_refresh_token(rt, next, this->access(g, at2), this->now_ + 1min)),
            RotateOutcome::rotated);
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt, this->now_ + 1min)), std::nullopt);
  const auto view = ok(this->repo_->find_refresh_token(rt2, this->now_ + 1min));
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->token.grant_id, g.id);
  EXPECT_TRUE(ok(this->repo_->find_access_token(at2, this->now_ + 1min)).has_value());
}

TYPED_TEST_P(GrantRepositoryContract, ReplayingARotatedRefreshTokenRevokesTheWholeFamily) {
  const std::string rt = this->id("rt"), at = this->id("at");
  const auto g = this->issued(rt, at);
  const std::string rt2 = this->id("rt"), at2 = this->id("at");
  ASSERT_EQ(ok(this->repo_->rotate_refresh_token(rt, this->refresh(g, rt2), this->access(g, at2), this->now_)),
            RotateOutcome::rotated);
  const std::string rt3 = this->id("rt"), at3 = this->id("at");
  EXPECT_EQ(ok(this->repo_->rotate_refresh_token(rt, this->refresh(g, rt3), this->access(g, at3), this->now_)),
            RotateOutcome::replayed);
  for (const auto& token : {rt, rt2, rt3}) EXPECT_EQ(ok(this->repo_->find_refresh_token(token, this->now_)), std::nullopt);
  for (const auto& token : {at, at2, at3}) EXPECT_EQ(ok(this->repo_->find_access_token(token, this->now_)), std::nullopt);
}

TYPED_TEST_P(GrantRepositoryContract, UnknownExpiredOrRevokedRefreshTokensAreNotActive) {
  const std::string rt = this->id("rt");
  const auto g = this->issued(rt, this->id("at"));
  const auto rotate = [&](const std::string& token, TimePoint when) {
    return ok(this->repo_->rotate_refresh_token(token, this->refresh(g, this->id("rt")), this->access(g, this->id("at")), when));
  };
  EXPECT_EQ(rotate(this->id("unknown"), this->now_), RotateOutcome::not_active);
  EXPECT_EQ(rotate(rt, this->now_ + 13h), RotateOutcome::not_active);  // the token expired at +12h
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt, this->now_ + 13h)), std::nullopt);
  ASSERT_TRUE(ok(this->repo_->revoke_grant(g.id, this->now_)));
  EXPECT_EQ(rotate(rt, this->now_), RotateOutcome::not_active);
  EXPECT_FALSE(ok(this->repo_->revoke_grant("no-such-grant", this->now_)));
}

TYPED_TEST_P(GrantRepositoryContract, ATokenIsNotActivePastItsGrantsExpiry) {
  const std::string rt = this->id("rt");
  auto g = this->grant(this->id("code"));
  g.expires_at = this->now_ + 1h;
  auto long_refresh = this->refresh(g, rt);
  long_refresh.expires_at = this->now_ + 48h;
  ASSERT_EQ(ok(this->repo_->create_grant(g, long_refresh, std::nullopt)), CreateOutcome::created);
  EXPECT_TRUE(ok(this->repo_->find_refresh_token(rt, this->now_ + 30min)).has_value());
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt, this->now_ + 2h)), std::nullopt);
}

TYPED_TEST_P(GrantRepositoryContract, AnAccessTokenCanBeAddedOnlyWhileItsRefreshTokenIsActive) {
  const std::string rt = this->id("rt");
  const auto g = this->issued(rt, this->id("at"));
  const std::string at2 = this->id("at");
  EXPECT_TRUE(ok(this->repo_->add_access_token(rt, this->access(g, at2), this->now_)));
  EXPECT_TRUE(ok(this->repo_->find_access_token(at2, this->now_)).has_value());
  EXPECT_TRUE(ok(this->repo_->find_refresh_token(rt, this->now_)).has_value());  // not rotated
  const std::string at3 = this->id("at");
  EXPECT_FALSE(ok(this->repo_->add_access_token(rt, this->access(g, at3), this->now_ + 13h)));
  EXPECT_FALSE(ok(this->repo_->add_access_token(this->id("unknown"), this->access(g, at3), this->now_)));
  EXPECT_EQ(ok(this->repo_->find_access_token(at3, this->now_)), std::nullopt);
}

TYPED_TEST_P(GrantRepositoryContract, AnAccessTokenIsNotFoundOnceExpiredOrRevoked) {
  const std::string at = this->id("at"), rt = this->id("rt");
  this->issued(rt, at);
  EXPECT_EQ(ok(this->repo_->find_access_token(at, this->now_ + 6min)), std::nullopt);
  EXPECT_TRUE(ok(this->repo_->revoke_access_token(at, this->now_)));
  EXPECT_EQ(ok(this->repo_->find_access_token(at, this->now_)), std::nullopt);
  EXPECT_TRUE(ok(this->repo_->find_refresh_token(rt, this->now_)).has_value());  // the grant lives on
  EXPECT_FALSE(ok(this->repo_->revoke_access_token(this->id("unknown"), this->now_)));
}

TYPED_TEST_P(GrantRepositoryContract, RevokingARefreshTokenRevokesItsAccessTokens) {
  const std::string at = this->id("at"), rt = this->id("rt");
  this->issued(rt, at);
  EXPECT_TRUE(ok(this->repo_->revoke_refresh_token(rt, this->now_)));
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt, this->now_)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_access_token(at, this->now_)), std::nullopt);
  EXPECT_FALSE(ok(this->repo_->revoke_refresh_token(this->id("unknown"), this->now_)));
}

TYPED_TEST_P(GrantRepositoryContract, RevokingAConsentRevokesEveryGrantOfIt) {
  const std::string at1 = this->id("at"), at2 = this->id("at"), at_other = this->id("at");
  const std::string consent = this->id("urn:bank:consent");
  for (const auto& at : {at1, at2}) {
    auto g = this->grant(this->id("code"));
    g.consent_id = consent;
    ASSERT_EQ(ok(this->repo_->create_grant(g, std::nullopt, this->access(g, at))), CreateOutcome::created);
  }
  this->issued(this->id("rt"), at_other);
  EXPECT_EQ(ok(this->repo_->revoke_grants_for_consent(consent, this->now_)), 2u);
  EXPECT_EQ(ok(this->repo_->find_access_token(at1, this->now_)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_access_token(at2, this->now_)), std::nullopt);
  EXPECT_TRUE(ok(this->repo_->find_access_token(at_other, this->now_)).has_value());
  EXPECT_EQ(ok(this->repo_->revoke_grants_for_consent(consent, this->now_)), 0u);  // already revoked
}

TYPED_TEST_P(GrantRepositoryContract, ExtendingAConsentExtendsItsLiveGrantsAndRefreshTokens) {
  const std::string consent = this->id("urn:bank:extended");  // grant() binds others to urn:bank:consent-1
  const auto bound = [&](const std::string& rt) {
    auto g = this->grant(this->id("code"));
    g.consent_id = consent;
    EXPECT_EQ(ok(this->repo_->create_grant(g, this->refresh(g, rt), std::nullopt)), CreateOutcome::created);
    return g;
  };
  const std::string rt_live = this->id("rt"), rt_revoked = this->id("rt"), rt_other = this->id("rt");
  bound(rt_live);
  const auto revoked = bound(rt_revoked);
  ASSERT_TRUE(ok(this->repo_->revoke_grant(revoked.id, this->now_)));
  this->issued(rt_other, this->id("at"));  // another consent's grant

  const auto until = this->now_ + 30 * 24h;
  EXPECT_EQ(ok(this->repo_->extend_grants_for_consent(consent, until, this->now_ + 1h)), 1u);
  const auto later = this->now_ + 20 * 24h;  // past the old 24 h grant and 12 h refresh expiry
  const auto found = ok(this->repo_->find_refresh_token(rt_live, later));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->token.expires_at, until);
  EXPECT_EQ(found->grant.expires_at, until);
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt_live, until)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt_revoked, this->now_)), std::nullopt);  // revoked stays revoked
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt_other, later)), std::nullopt);        // not this consent's

  // Never shortens, and an already expired grant is not revived.
  EXPECT_EQ(ok(this->repo_->extend_grants_for_consent(consent, this->now_ + 2 * 24h, this->now_)), 0u);
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt_live, later))->token.expires_at, until);
  EXPECT_EQ(ok(this->repo_->extend_grants_for_consent(consent, until + 24h, until + 1h)), 0u);
  EXPECT_EQ(ok(this->repo_->find_refresh_token(rt_live, until + 2h)), std::nullopt);
  EXPECT_EQ(ok(this->repo_->extend_grants_for_consent("", until, this->now_)), 0u);
}

TYPED_TEST_P(GrantRepositoryContract, AnEmptyCodeOrConsentMatchesNoGrant) {
  auto g = this->grant();  // client_credentials: no code
  g.consent_id.clear();
  const std::string at = this->id("at");
  ASSERT_EQ(ok(this->repo_->create_grant(g, std::nullopt, this->access(g, at))), CreateOutcome::created);
  EXPECT_FALSE(ok(this->repo_->revoke_grant_by_code("", this->now_)));
  EXPECT_EQ(ok(this->repo_->revoke_grants_for_consent("", this->now_)), 0u);
  EXPECT_TRUE(ok(this->repo_->find_access_token(at, this->now_)).has_value());
}

TYPED_TEST_P(GrantRepositoryContract, SweepingDeletesOnlyExpiredGrantsWithTheirTokens) {
  auto old_grant = this->grant(this->id("code"));
  old_grant.expires_at = this->now_ + 1h;
  const std::string old_at = this->id("at");
  ASSERT_EQ(ok(this->repo_->create_grant(old_grant, std::nullopt, this->access(old_grant, old_at))), CreateOutcome::created);
  const auto live = this->issued(this->id("rt"), this->id("at"));
  EXPECT_GE(ok(this->repo_->sweep_expired(this->now_ + 2h)), 1u);
  EXPECT_EQ(ok(this->repo_->find_grant(old_grant.id)), std::nullopt);
  EXPECT_TRUE(ok(this->repo_->find_grant(live.id)).has_value());
}

// RFC 7009 §2: a self-contained (JWT) access token has no row, so its revocation is a record of its jti.
TYPED_TEST_P(GrantRepositoryContract, ARevokedSelfContainedTokenIsRevokedAndNoOtherIs) {
  const std::string jti = this->id("jti"), other = this->id("jti");
  EXPECT_FALSE(ok(this->repo_->self_contained_token_revoked(jti, this->now_)));
  ok(this->repo_->revoke_self_contained_token(jti, "tpp-one", this->now_ + 5min, this->now_));
  EXPECT_TRUE(ok(this->repo_->self_contained_token_revoked(jti, this->now_)));
  EXPECT_TRUE(ok(this->repo_->self_contained_token_revoked(jti, this->now_ + 4min)));
  EXPECT_FALSE(ok(this->repo_->self_contained_token_revoked(other, this->now_)));
}

TYPED_TEST_P(GrantRepositoryContract, RevokingASelfContainedTokenTwiceSucceedsAndKeepsTheFirstRecord) {
  const std::string jti = this->id("jti");
  ok(this->repo_->revoke_self_contained_token(jti, "tpp-one", this->now_ + 5min, this->now_));
  // The second revocation, with an earlier expiry, is no error and does not shorten the first.
  ok(this->repo_->revoke_self_contained_token(jti, "tpp-one", this->now_ + 1min, this->now_ + 10s));
  EXPECT_TRUE(ok(this->repo_->self_contained_token_revoked(jti, this->now_)));
  EXPECT_TRUE(ok(this->repo_->self_contained_token_revoked(jti, this->now_ + 2min)));
}

TYPED_TEST_P(GrantRepositoryContract, ARevocationRecordIsNotReadOnceTheTokenHasExpired) {
  const std::string jti = this->id("jti");
  ok(this->repo_->revoke_self_contained_token(jti, "tpp-one", this->now_ + 5min, this->now_));
  EXPECT_TRUE(ok(this->repo_->self_contained_token_revoked(jti, this->now_ + 5min - 1ms)));
  EXPECT_FALSE(ok(this->repo_->self_contained_token_revoked(jti, this->now_ + 5min)));
  EXPECT_FALSE(ok(this->repo_->self_contained_token_revoked(jti, this->now_ + 6min)));
}

TYPED_TEST_P(GrantRepositoryContract, SweepingDeletesExpiredRevocationRecordsAndKeepsLiveOnes) {
  const std::string expired = this->id("jti"), live = this->id("jti");
  ok(this->repo_->revoke_self_contained_token(expired, "tpp-one", this->now_ + 1h, this->now_));
  ok(this->repo_->revoke_self_contained_token(live, "tpp-one", this->now_ + 48h, this->now_));
  auto old_grant = this->grant(this->id("code"));
  old_grant.expires_at = this->now_ + 1h;
  ASSERT_EQ(ok(this->repo_->create_grant(old_grant, std::nullopt, std::nullopt)), CreateOutcome::created);
  const auto live_grant = this->issued(this->id("rt"), this->id("at"));

  // The count is of grants only: the swept revocation record is not in it.
  EXPECT_EQ(ok(this->repo_->sweep_expired(this->now_ + 2h)), 1u);
  // Read at a time before its expiry: only a deleted record now reads false.
  EXPECT_FALSE(ok(this->repo_->self_contained_token_revoked(expired, this->now_)));
  EXPECT_TRUE(ok(this->repo_->self_contained_token_revoked(live, this->now_)));
  EXPECT_EQ(ok(this->repo_->find_grant(old_grant.id)), std::nullopt);
  EXPECT_TRUE(ok(this->repo_->find_grant(live_grant.id)).has_value());
  // Nothing left to sweep.
  EXPECT_EQ(ok(this->repo_->sweep_expired(this->now_ + 2h)), 0u);
  EXPECT_TRUE(ok(this->repo_->self_contained_token_revoked(live, this->now_)));
}

TYPED_TEST_P(GrantRepositoryContract, ManyThreadsRevokingOneSelfContainedTokenAllSucceed) {
  for (int round = 0; round < 10; ++round) {
    const std::string jti = this->id("jti");
    const int wins = count_thread_wins(12, [&] {
      return this->repo_->revoke_self_contained_token(jti, "tpp-one", this->now_ + 5min, this->now_).has_value();
    });
    ASSERT_EQ(wins, 12) << "round " << round;
    ASSERT_TRUE(ok(this->repo_->self_contained_token_revoked(jti, this->now_))) << "round " << round;
  }
}

TYPED_TEST_P(GrantRepositoryContract, ManyThreadsRotatingOneRefreshTokenLeaveExactlyOneLiveSuccessor) {
  for (int round = 0; round < 10; ++round) {
    const std::string rt = this->id("rt");
    const auto g = this->issued(rt, this->id("at"));
    std::vector<std::string> successors(12);
    for (auto& s : successors) s = this->id("rt-next");
    std::atomic<int> next_index{0};
    const int wins = count_thread_wins(12, [&] {
      const auto& mine = successors[static_cast<std::size_t>(next_index.fetch_add(1))];
      auto r = this->repo_->rotate_refresh_token(rt, this->refresh(g, mine), this->access(g, mine + "-at"), this->now_);
      return r.has_value() && *r == RotateOutcome::rotated;
    });
    ASSERT_EQ(wins, 1) << "round " << round;
    // The losers saw a consumed token: a replay, which revokes the family (RFC 9700 §4.14.2), so at
    // most one successor is live, never two.
    int live = 0;
    for (const auto& s : successors) live += ok(this->repo_->find_refresh_token(s, this->now_)).has_value() ? 1 : 0;
    ASSERT_LE(live, 1) << "round " << round;
  }
}

TYPED_TEST_P(GrantRepositoryContract, ManyThreadsRedeemingOneCodeCreateExactlyOneGrant) {
  for (int round = 0; round < 10; ++round) {
    const std::string code = this->id("code");
    std::atomic<int> n{0};
    const int wins = count_thread_wins(12, [&] {
      auto g = this->grant(code);
      g.id = code + "-grant-" + std::to_string(n.fetch_add(1));
      auto r = this->repo_->create_grant(g, std::nullopt, std::nullopt);
      return r.has_value() && *r == CreateOutcome::created;
    });
    ASSERT_EQ(wins, 1) << "round " << round;
  }
}

TYPED_TEST_P(GrantRepositoryContract, TwoProcessesRotatingTheSameTokensHaveExactlyOneWinnerPerToken) {
  constexpr int kTokens = 30;
  std::vector<std::string> tokens;
  for (int i = 0; i < kTokens; ++i) {
    tokens.push_back(this->id("rt"));
    this->issued(tokens.back(), this->id("at"));
  }
  const std::string backing = this->backing_;
  const auto start = std::chrono::steady_clock::now() + 1500ms;
  const auto now = this->now_;
  const int total = count_process_wins(2, [&]() -> int {
    auto repo = TypeParam::open_grants(backing);
    if (!repo) return -1;
    const std::string me = std::to_string(getpid());
    std::this_thread::sleep_until(start);
    std::atomic<int> wins{0};
    std::atomic<bool> failed{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kTokens; ++i) {
          const std::string next = tokens[static_cast<std::size_t>(i)] + "-" + me + "-" + std::to_string(t);
          RefreshTokenRecord rec{next, "", {}, now, now + 1h, std::nullopt};
          AccessTokenRecord at{next + "-at", "", "tpp-one", "openid", {}, now, now + 5min, std::nullopt};
          auto r = repo->rotate_refresh_token(tokens[static_cast<std::size_t>(i)], rec, at, now);
          if (!r.has_value()) failed = true;
          else if (*r == RotateOutcome::rotated) ++wins;
        }
      });
    }
    for (auto& t : threads) t.join();
    return failed ? -1 : wins.load();
  });
  EXPECT_EQ(total, kTokens);
}

TYPED_TEST_P(GrantRepositoryContract, TheAuditLogReturnsTheNewestEventsFirst) {
  for (int i = 0; i < 5; ++i) {
    AuditEvent e{this->now_ + std::chrono::seconds(i), "grant.created", "tpp-one", "user-" + std::to_string(i),
                 R"({"n":)" + std::to_string(i) + "}"};
    ok(this->audit_->append(e));
  }
  const auto events = ok(this->audit_->recent(3));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].subject, "user-4");
  EXPECT_EQ(events[2].subject, "user-2");
  EXPECT_EQ(events[0], (AuditEvent{this->now_ + 4s, "grant.created", "tpp-one", "user-4", R"({"n":4})"}));
}

REGISTER_TYPED_TEST_SUITE_P(GrantRepositoryContract, ACreatedGrantIsFoundWithItsTokens, TokensAreFoundByHashWithTheirGrant,
                            AGrantWithoutRefreshTokenOrCodeIsRecorded, ASecondGrantFromTheSameCodeIsRefusedAndWritesNothing,
                            CreatingAGrantIsAllOrNothing, RevokingByCodeRevokesEveryTokenOfTheGrant,
                            RotationConsumesTheOldTokenAndIssuesTheNewOnes,
                            ReplayingARotatedRefreshTokenRevokesTheWholeFamily,
                            UnknownExpiredOrRevokedRefreshTokensAreNotActive, ATokenIsNotActivePastItsGrantsExpiry,
                            AnAccessTokenCanBeAddedOnlyWhileItsRefreshTokenIsActive,
                            AnAccessTokenIsNotFoundOnceExpiredOrRevoked, RevokingARefreshTokenRevokesItsAccessTokens,
                            RevokingAConsentRevokesEveryGrantOfIt, ExtendingAConsentExtendsItsLiveGrantsAndRefreshTokens,
                            AnEmptyCodeOrConsentMatchesNoGrant,
                            SweepingDeletesOnlyExpiredGrantsWithTheirTokens,
                            ARevokedSelfContainedTokenIsRevokedAndNoOtherIs,
                            RevokingASelfContainedTokenTwiceSucceedsAndKeepsTheFirstRecord,
                            ARevocationRecordIsNotReadOnceTheTokenHasExpired,
                            SweepingDeletesExpiredRevocationRecordsAndKeepsLiveOnes,
                            ManyThreadsRevokingOneSelfContainedTokenAllSucceed,
                            ManyThreadsRotatingOneRefreshTokenLeaveExactlyOneLiveSuccessor,
                            ManyThreadsRedeemingOneCodeCreateExactlyOneGrant,
                            TwoProcessesRotatingTheSameTokensHaveExactlyOneWinnerPerToken,
                            TheAuditLogReturnsTheNewestEventsFirst);

}  // namespace fapid::storage::testing
