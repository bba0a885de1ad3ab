#pragma once
// The ConsentRepository contract (src/storage/consent_repository.hpp), one typed suite for every
// adapter. Factory shape: tests/unit/storage/contract/README.md. Times are explicit arguments, in
// whole milliseconds, so key expiry needs no sleeping.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "storage/consent_repository.hpp"
#include "unit/storage/contract/contract_support.hpp"
#include "unit/storage/contract/race_support.hpp"

namespace fapid::storage::testing {

template <class Factory>
class ConsentRepositoryContract : public ::testing::Test {
 protected:
  void SetUp() override {
    backing_ = Factory::fresh_backing();
    repo_ = Factory::open_consents(backing_);
    ASSERT_NE(repo_, nullptr);
  }

  std::string id(const std::string& what) { return what + "-" + std::to_string(++counter_); }

  ConsentRecord consent(TimePoint at) {
    ConsentRecord c;
    c.id = id("urn:bank:consent");
    c.client_id = "tpp-one";
    c.logged_user_document = "52998224725";
    c.business_entity_document = "11222333000181";
    c.permissions = {"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"};
    c.created_at = at;
    c.status_updated_at = at;
    c.expires_at = at + std::chrono::hours(24 * 90);
    return c;
  }
  ConsentRecord consent() { return consent(now_); }
  ConsentRecord created() {
    auto c = consent();
    EXPECT_EQ(ok(repo_->create_consent(c, std::nullopt)).outcome, CreateConsentOutcome::created);
    return c;
  }
  IdempotencyKey key(const std::string& name, const std::string& request_hash, const std::string& body,
                     TimePoint expires_at, const std::string& client = "tpp-one") {
    return IdempotencyKey{client, name, request_hash, body, expires_at};
  }
  CreateConsentResult create(const ConsentRecord& c, const IdempotencyKey& k) { return ok(repo_->create_consent(c, k)); }
  bool authorise(const std::string& consent_id, TimePoint at) {
    return ok(repo_->transition(consent_id, ConsentStatus::awaiting_authorisation, ConsentStatus::authorised,
                                "USER:sub-1", "sub-1", std::nullopt, at));
  }

  std::string backing_;
  std::shared_ptr<ConsentRepository> repo_;
  TimePoint now_ = whole_ms(std::chrono::system_clock::now());
  int counter_ = 0;
};

TYPED_TEST_SUITE_P(ConsentRepositoryContract);

TYPED_TEST_P(ConsentRepositoryContract, ACreatedConsentIsFoundWithEveryField) {
  auto full = this->consent();
  full.status = ConsentStatus::rejected;
  full.status_updated_at = this->now_ + std::chrono::seconds(5);
  full.subject = "sub-1";
  full.permissions = {"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "RESOURCES_READ", "odd \"quoted\" \\ ünïcode"};
  full.rejection = ConsentRejection{"USER", "CUSTOMER_MANUALLY_REJECTED", "changed my mind"};
  ASSERT_EQ(ok(this->repo_->create_consent(full, std::nullopt)).outcome, CreateConsentOutcome::created);
  EXPECT_EQ(ok(this->repo_->find_consent(full.id)), std::optional<ConsentRecord>(full));

  auto bare = this->consent();  // indefinite, no business entity, nothing granted, no rejection
  bare.business_entity_document.clear();
  bare.permissions.clear();
  bare.expires_at.reset();
  ASSERT_EQ(ok(this->repo_->create_consent(bare, std::nullopt)).outcome, CreateConsentOutcome::created);
  EXPECT_EQ(ok(this->repo_->find_consent(bare.id)), std::optional<ConsentRecord>(bare));

  auto empty_rejection = this->consent();  // a rejection of empty strings is still a rejection
  empty_rejection.rejection = ConsentRejection{};
  ASSERT_EQ(ok(this->repo_->create_consent(empty_rejection, std::nullopt)).outcome, CreateConsentOutcome::created);
  EXPECT_EQ(ok(this->repo_->find_consent(empty_rejection.id)), std::optional<ConsentRecord>(empty_rejection));

  EXPECT_EQ(ok(this->repo_->find_consent("urn:bank:no-such-consent")), std::nullopt);
}

TYPED_TEST_P(ConsentRepositoryContract, TheCreationIsTheFirstRowOfTheHistory) {
  const auto c = this->created();
  const std::vector<ConsentTransition> expected{
      {c.id, c.created_at, std::nullopt, ConsentStatus::awaiting_authorisation, tpp_actor(c.client_id), ""}};
  EXPECT_EQ(ok(this->repo_->history(c.id)), expected);
  EXPECT_EQ(tpp_actor("tpp-one"), "TPP:tpp-one");
  EXPECT_TRUE(ok(this->repo_->history("urn:bank:no-such-consent")).empty());
}

TYPED_TEST_P(ConsentRepositoryContract, TheSameKeyAndBodyReplayTheFirstAnswerAndWriteNothing) {
  const auto hour = this->now_ + std::chrono::hours(1);
  const auto first = this->consent();
  EXPECT_EQ(this->create(first, this->key("k1", "hash-a", R"({"data":{"consentId":"first"}})", hour)).outcome,
            CreateConsentOutcome::created);
  const auto second = this->consent();
  const auto replay = this->create(second, this->key("k1", "hash-a", R"({"data":{"consentId":"second"}})", hour));
  EXPECT_EQ(replay.outcome, CreateConsentOutcome::replayed);
  EXPECT_EQ(replay.response_body, R"({"data":{"consentId":"first"}})");
  EXPECT_EQ(ok(this->repo_->find_consent(second.id)), std::nullopt);
  EXPECT_TRUE(ok(this->repo_->history(second.id)).empty());
  EXPECT_TRUE(ok(this->repo_->find_consent(first.id)).has_value());
}

TYPED_TEST_P(ConsentRepositoryContract, TheSameKeyWithAnotherBodyIsAConflictAndWritesNothing) {
  const auto hour = this->now_ + std::chrono::hours(1);
  EXPECT_EQ(this->create(this->consent(), this->key("k1", "hash-a", "{}", hour)).outcome,
            CreateConsentOutcome::created);
  const auto other = this->consent();
  EXPECT_EQ(this->create(other, this->key("k1", "hash-b", "{}", hour)).outcome,
            CreateConsentOutcome::key_reused_with_another_body);
  EXPECT_EQ(ok(this->repo_->find_consent(other.id)), std::nullopt);
  // The first key is untouched: its own body still replays.
  EXPECT_EQ(this->create(this->consent(), this->key("k1", "hash-a", "{}", hour)).outcome, CreateConsentOutcome::replayed);
}

TYPED_TEST_P(ConsentRepositoryContract, AnotherClientsSameKeyIsIndependent) {
  const auto hour = this->now_ + std::chrono::hours(1);
  EXPECT_EQ(this->create(this->consent(), this->key("k1", "hash-a", "one", hour)).outcome,
            CreateConsentOutcome::created);
  auto theirs = this->consent();
  theirs.client_id = "tpp-two";
  EXPECT_EQ(this->create(theirs, this->key("k1", "hash-b", "two", hour, "tpp-two")).outcome,
            CreateConsentOutcome::created);
  EXPECT_TRUE(ok(this->repo_->find_consent(theirs.id)).has_value());
  const auto replay = this->create(this->consent(), this->key("k1", "hash-a", "ignored", hour));
  EXPECT_EQ(replay.outcome, CreateConsentOutcome::replayed);
  EXPECT_EQ(replay.response_body, "one");
}

TYPED_TEST_P(ConsentRepositoryContract, AnExpiredKeyIsReplaced) {
  const auto expiry = this->now_ + std::chrono::hours(1);
  EXPECT_EQ(this->create(this->consent(), this->key("k1", "hash-a", "first", expiry)).outcome,
            CreateConsentOutcome::created);
  // At the expiry instant the key is no longer live (expires_at is after "now" while live).
  const auto fresh = this->consent(expiry);
  EXPECT_EQ(this->create(fresh, this->key("k1", "hash-b", "second", expiry + std::chrono::hours(1))).outcome,
            CreateConsentOutcome::created);
  EXPECT_TRUE(ok(this->repo_->find_consent(fresh.id)).has_value());
  const auto later = expiry + std::chrono::minutes(1);
  const auto replay = this->create(this->consent(later), this->key("k1", "hash-b", "ignored", later + std::chrono::hours(1)));
  EXPECT_EQ(replay.outcome, CreateConsentOutcome::replayed);
  EXPECT_EQ(replay.response_body, "second");
  EXPECT_EQ(this->create(this->consent(later), this->key("k1", "hash-a", "first", later + std::chrono::hours(1))).outcome,
            CreateConsentOutcome::key_reused_with_another_body);
}

TYPED_TEST_P(ConsentRepositoryContract, AFailedCreationLeavesItsKeyUnclaimed) {
  const auto hour = this->now_ + std::chrono::hours(1);
  const auto existing = this->created();
  auto duplicate = this->consent();
  duplicate.id = existing.id;  // the insert fails after the key was claimed
  auto failed = this->repo_->create_consent(duplicate, this->key("k1", "hash-a", "lost", hour));
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::server_error);
  EXPECT_EQ(ok(this->repo_->history(existing.id)).size(), 1u);
  EXPECT_EQ(this->create(this->consent(), this->key("k1", "hash-a", "kept", hour)).outcome,
            CreateConsentOutcome::created);
  // A key must belong to the consent's client.
  auto mismatched = this->repo_->create_consent(this->consent(), this->key("k2", "hash-a", "{}", hour, "tpp-two"));
  ASSERT_FALSE(mismatched.has_value());
  EXPECT_EQ(mismatched.error().code, ErrorCode::server_error);
}

TYPED_TEST_P(ConsentRepositoryContract, ATransitionHappensOnlyFromTheExpectedStatus) {
  const auto c = this->created();
  const auto at = this->now_ + std::chrono::minutes(2);
  EXPECT_FALSE(ok(this->repo_->transition(c.id, ConsentStatus::authorised, ConsentStatus::rejected, "ASPSP", "",
                                          ConsentRejection{"ASPSP", "CONSENT_EXPIRED", ""}, at)));
  EXPECT_FALSE(ok(this->repo_->transition("urn:bank:no-such-consent", ConsentStatus::awaiting_authorisation,
                                          ConsentStatus::authorised, "USER:sub-1", "sub-1", std::nullopt, at)));
  EXPECT_EQ(ok(this->repo_->find_consent(c.id)), std::optional<ConsentRecord>(c));
  EXPECT_EQ(ok(this->repo_->history(c.id)).size(), 1u);

  ASSERT_TRUE(this->authorise(c.id, at));
  auto expected = c;
  expected.status = ConsentStatus::authorised;
  expected.status_updated_at = at;
  expected.subject = "sub-1";
  EXPECT_EQ(ok(this->repo_->find_consent(c.id)), std::optional<ConsentRecord>(expected));
  EXPECT_FALSE(this->authorise(c.id, at));  // no longer awaiting
  EXPECT_EQ(ok(this->repo_->history(c.id)).size(), 2u);
}

TYPED_TEST_P(ConsentRepositoryContract, ARejectionIsRecordedWithItsReasonAndKeepsTheSubject) {
  const auto c = this->created();
  const auto at = this->now_ + std::chrono::minutes(1);
  ASSERT_TRUE(this->authorise(c.id, at));
  const ConsentRejection revoked{"USER", "CUSTOMER_MANUALLY_REVOKED", "no longer needed"};
  const auto later = at + std::chrono::hours(1);
  ASSERT_TRUE(ok(this->repo_->transition(c.id, ConsentStatus::authorised, ConsentStatus::rejected, "USER:sub-1", "",
                                         revoked, later)));
  const auto stored = ok(this->repo_->find_consent(c.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->status, ConsentStatus::rejected);
  EXPECT_EQ(stored->status_updated_at, later);
  EXPECT_EQ(stored->subject, "sub-1");  // an empty subject keeps the stored one
  EXPECT_EQ(stored->rejection, std::optional<ConsentRejection>(revoked));
  const auto history = ok(this->repo_->history(c.id));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2], (ConsentTransition{c.id, later, ConsentStatus::authorised, ConsentStatus::rejected,
                                           "USER:sub-1", "CUSTOMER_MANUALLY_REVOKED"}));
}

TYPED_TEST_P(ConsentRepositoryContract, HistoryRowsKeepTheirTimesAndActorsInOrder) {
  const auto c = this->created();
  const auto t1 = this->now_ + std::chrono::minutes(1), t2 = this->now_ + std::chrono::minutes(2);
  ASSERT_TRUE(this->authorise(c.id, t1));
  ASSERT_TRUE(ok(this->repo_->transition(c.id, ConsentStatus::authorised, ConsentStatus::rejected, "ASPSP", "",
                                         ConsentRejection{"ASPSP", "CONSENT_MAX_DATE_REACHED", ""}, t2)));
  const std::vector<ConsentTransition> expected{
      {c.id, c.created_at, std::nullopt, ConsentStatus::awaiting_authorisation, "TPP:tpp-one", ""},
      {c.id, t1, ConsentStatus::awaiting_authorisation, ConsentStatus::authorised, "USER:sub-1", ""},
      {c.id, t2, ConsentStatus::authorised, ConsentStatus::rejected, "ASPSP", "CONSENT_MAX_DATE_REACHED"}};
  EXPECT_EQ(ok(this->repo_->history(c.id)), expected);
}

TYPED_TEST_P(ConsentRepositoryContract, TwelveThreadsAuthorisingOrRejectingHaveExactlyOneWinner) {
  for (int round = 0; round < 10; ++round) {
    const auto c = this->created();
    std::atomic<int> next{0};
    std::atomic<int> winner{-1};
    const int wins = count_thread_wins(12, [&] {
      const int me = next.fetch_add(1);
      const bool approve = me % 2 == 0;
      const auto r = approve ? this->repo_->transition(c.id, ConsentStatus::awaiting_authorisation,
                                                        ConsentStatus::authorised, "USER:sub-" + std::to_string(me),
                                                        "sub-" + std::to_string(me), std::nullopt, this->now_)
                             : this->repo_->transition(c.id, ConsentStatus::awaiting_authorisation,
                                                        ConsentStatus::rejected, "USER:sub-" + std::to_string(me), "",
                                                        ConsentRejection{"USER", "CUSTOMER_MANUALLY_REJECTED", ""},
                                                        this->now_);
      if (!r.has_value() || !*r) return false;
      winner = me;
      return true;
    });
    ASSERT_EQ(wins, 1) << "round " << round;
    const int me = winner.load();
    const auto stored = ok(this->repo_->find_consent(c.id));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->status, me % 2 == 0 ? ConsentStatus::authorised : ConsentStatus::rejected);
    const auto history = ok(this->repo_->history(c.id));
    ASSERT_EQ(history.size(), 2u) << "round " << round;
    EXPECT_EQ(history[1].actor, "USER:sub-" + std::to_string(me));
  }
}

TYPED_TEST_P(ConsentRepositoryContract, OnlyAnAuthorisedConsentIsExtendedAndExtensionsComeNewestFirst) {
  const auto c = this->created();
  const auto extension = [&](std::optional<TimePoint> expires_at, std::chrono::minutes after) {
    return ConsentExtension{c.id,         expires_at,   std::nullopt, "52998224725", this->now_ + after,
                            "203.0.113.7", "Mozilla/5.0 (compatible; fapid-test)"};
  };
  auto first = extension(this->now_ + std::chrono::hours(24 * 180), std::chrono::minutes(1));
  EXPECT_FALSE(ok(this->repo_->extend(first)));  // still awaiting authorisation
  EXPECT_TRUE(ok(this->repo_->extensions(c.id)).empty());

  ASSERT_TRUE(this->authorise(c.id, this->now_));
  first.previous_expires_at = this->now_;  // ignored: the store records the expiry it replaced
  ASSERT_TRUE(ok(this->repo_->extend(first)));
  auto second = extension(std::nullopt, std::chrono::minutes(2));  // indefinite from now on
  ASSERT_TRUE(ok(this->repo_->extend(second)));

  const auto stored = ok(this->repo_->find_consent(c.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->expires_at, std::nullopt);
  EXPECT_EQ(stored->status, ConsentStatus::authorised);
  first.previous_expires_at = c.expires_at;
  second.previous_expires_at = first.expires_at;
  EXPECT_EQ(ok(this->repo_->extensions(c.id)), (std::vector<ConsentExtension>{second, first}));

  auto missing = extension(std::nullopt, std::chrono::minutes(3));
  missing.consent_id = "urn:bank:no-such-consent";
  EXPECT_FALSE(ok(this->repo_->extend(missing)));
  ASSERT_TRUE(ok(this->repo_->transition(c.id, ConsentStatus::authorised, ConsentStatus::rejected, "TPP:tpp-one", "",
                                         ConsentRejection{"TPP", "CUSTOMER_MANUALLY_REVOKED", ""}, this->now_)));
  EXPECT_FALSE(ok(this->repo_->extend(extension(std::nullopt, std::chrono::minutes(4)))));
  EXPECT_EQ(ok(this->repo_->extensions(c.id)).size(), 2u);
}

TYPED_TEST_P(ConsentRepositoryContract, SweepingDeletesOnlyExpiredKeys) {
  const auto soon = this->now_ + std::chrono::hours(1), later = this->now_ + std::chrono::hours(3);
  EXPECT_EQ(this->create(this->consent(), this->key("k-soon", "hash-a", "soon", soon)).outcome,
            CreateConsentOutcome::created);
  EXPECT_EQ(this->create(this->consent(), this->key("k-later", "hash-a", "later", later)).outcome,
            CreateConsentOutcome::created);
  EXPECT_EQ(ok(this->repo_->sweep_expired_keys(this->now_ + std::chrono::hours(2))), 1u);
  // The live key still replays (asked before its expiry); the swept one is free again.
  const auto replay = this->create(this->consent(), this->key("k-later", "hash-a", "ignored", later));
  EXPECT_EQ(replay.outcome, CreateConsentOutcome::replayed);
  EXPECT_EQ(replay.response_body, "later");
  EXPECT_EQ(this->create(this->consent(), this->key("k-soon", "hash-b", "new", later)).outcome,
            CreateConsentOutcome::created);
  EXPECT_EQ(ok(this->repo_->sweep_expired_keys(this->now_)), 0u);
}

TYPED_TEST_P(ConsentRepositoryContract, AnOutageIsUnavailableNeverAVerdict) {
  const auto repo = TypeParam::open_unavailable_consents();
  ASSERT_NE(repo, nullptr);
  const auto expect_unavailable = [](const OAuthError& e) {
    EXPECT_EQ(e.code, ErrorCode::temporarily_unavailable) << e.detail;
    EXPECT_EQ(e.status, 503);
  };
  const auto c = this->consent();
  auto created = repo->create_consent(c, this->key("k1", "hash-a", "{}", this->now_ + std::chrono::hours(1)));
  ASSERT_FALSE(created.has_value());
  expect_unavailable(created.error());
  auto moved = repo->transition(c.id, ConsentStatus::awaiting_authorisation, ConsentStatus::authorised, "USER:sub-1",
                                "sub-1", std::nullopt, this->now_);
  ASSERT_FALSE(moved.has_value());
  expect_unavailable(moved.error());
  auto extended = repo->extend(ConsentExtension{c.id, std::nullopt, std::nullopt, "", this->now_, "", ""});
  ASSERT_FALSE(extended.has_value());
  expect_unavailable(extended.error());
  auto swept = repo->sweep_expired_keys(this->now_);
  ASSERT_FALSE(swept.has_value());
  expect_unavailable(swept.error());
}

// The back office's search (issue 6): three customers, two TPPs, every status, created a minute apart.
TYPED_TEST_P(ConsentRepositoryContract, SearchSelectsByEveryGivenCriterionNewestFirst) {
  const auto make = [&](int minute, const std::string& cpf, const std::string& cnpj, const std::string& client) {
    auto c = this->consent(this->now_ + std::chrono::minutes(minute));
    c.logged_user_document = cpf;
    c.business_entity_document = cnpj;
    c.client_id = client;
    EXPECT_EQ(ok(this->repo_->create_consent(c, std::nullopt)).outcome, CreateConsentOutcome::created);
    return c;
  };
  const std::string ana = "52998224725", bia = "11144477735", caio = "39053344705";
  const std::string acme = "11222333000181";
  const auto a1 = make(1, ana, "", "tpp-one");
  const auto a2 = make(2, ana, acme, "tpp-two");
  const auto b3 = make(3, bia, acme, "tpp-one");
  const auto c4 = make(4, caio, "", "tpp-two");
  const auto a5 = make(5, ana, "", "tpp-one");
  ASSERT_TRUE(this->authorise(a2.id, this->now_ + std::chrono::minutes(6)));
  ASSERT_TRUE(ok(this->repo_->transition(a5.id, ConsentStatus::awaiting_authorisation, ConsentStatus::rejected,
                                         "USER:sub-1", "", ConsentRejection{"USER", "CUSTOMER_MANUALLY_REJECTED", ""},
                                         this->now_ + std::chrono::minutes(7))));
  const auto ids = [&](const ConsentSearch& search) {
    const auto page = ok(this->repo_->search(search));
    std::vector<std::string> out;
    for (const auto& c : page.consents) out.push_back(c.id);
    EXPECT_EQ(page.count, out.size()) << "a single page holds every match";
    return out;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids({}), (Ids{a5.id, c4.id, b3.id, a2.id, a1.id}));
  EXPECT_EQ(ids({.logged_user_document = ana}), (Ids{a5.id, a2.id, a1.id}));
  EXPECT_EQ(ids({.business_entity_document = acme}), (Ids{b3.id, a2.id}));
  EXPECT_EQ(ids({.business_entity_document = ""}), (Ids{a5.id, c4.id, a1.id})) << "no business entity";
  EXPECT_EQ(ids({.client_id = "tpp-two"}), (Ids{c4.id, a2.id}));
  EXPECT_EQ(ids({.status = ConsentStatus::awaiting_authorisation}), (Ids{c4.id, b3.id, a1.id}));
  EXPECT_EQ(ids({.status = ConsentStatus::authorised}), (Ids{a2.id}));
  EXPECT_EQ(ids({.status = ConsentStatus::rejected}), (Ids{a5.id}));
  EXPECT_EQ(ids({.logged_user_document = ana, .client_id = "tpp-one"}), (Ids{a5.id, a1.id}));
  EXPECT_EQ(ids({.logged_user_document = ana, .business_entity_document = acme, .client_id = "tpp-two",
                 .status = ConsentStatus::authorised}),
            (Ids{a2.id}));
  EXPECT_EQ(ids({.logged_user_document = bia, .client_id = "tpp-two"}), Ids{});
  EXPECT_EQ(ids({.logged_user_document = "00000000000"}), Ids{});

  // Every field comes back as stored, the status as it stands now.
  const auto found = ok(this->repo_->search({.logged_user_document = ana, .status = ConsentStatus::rejected}));
  ASSERT_EQ(found.consents.size(), 1u);
  EXPECT_EQ(found.consents[0], ok(this->repo_->find_consent(a5.id)).value());
}

TYPED_TEST_P(ConsentRepositoryContract, SearchBreaksTiesByIdInByteOrder) {
  auto make = [&](const std::string& suffix) {
    auto c = this->consent();
    c.id = "urn:bank:tie-" + suffix;
    EXPECT_EQ(ok(this->repo_->create_consent(c, std::nullopt)).outcome, CreateConsentOutcome::created);
  };
  make("a");
  make("B");
  make("_");  // '_' (0x5F) sorts between 'B' (0x42) and 'a' (0x61) in byte order, not in most locales
  const auto page = ok(this->repo_->search({}));
  ASSERT_EQ(page.consents.size(), 3u);
  EXPECT_EQ(page.consents[0].id, "urn:bank:tie-B");
  EXPECT_EQ(page.consents[1].id, "urn:bank:tie-_");
  EXPECT_EQ(page.consents[2].id, "urn:bank:tie-a");
}

TYPED_TEST_P(ConsentRepositoryContract, SearchPagesByOffsetAndLimitAndAlwaysCountsEveryMatch) {
  std::vector<std::string> newest_first;
  for (int i = 0; i < 7; ++i) {
    auto c = this->consent(this->now_ + std::chrono::seconds(i));
    ASSERT_EQ(ok(this->repo_->create_consent(c, std::nullopt)).outcome, CreateConsentOutcome::created);
    newest_first.insert(newest_first.begin(), c.id);
  }
  auto other = this->consent(this->now_ + std::chrono::hours(1));
  other.client_id = "tpp-two";
  ASSERT_EQ(ok(this->repo_->create_consent(other, std::nullopt)).outcome, CreateConsentOutcome::created);

  std::vector<std::string> seen;
  for (std::size_t offset = 0; offset < 7; offset += 3) {
    const auto page = ok(this->repo_->search({.client_id = "tpp-one", .limit = 3, .offset = offset}));
    EXPECT_EQ(page.count, 7u);
    EXPECT_EQ(page.consents.size(), offset == 6 ? 1u : 3u);
    for (const auto& c : page.consents) seen.push_back(c.id);
  }
  EXPECT_EQ(seen, newest_first);
  const auto past_the_end = ok(this->repo_->search({.client_id = "tpp-one", .limit = 3, .offset = 9}));
  EXPECT_TRUE(past_the_end.consents.empty());
  EXPECT_EQ(past_the_end.count, 7u) << "the count does not depend on the page";
  const auto nothing = ok(this->repo_->search({.client_id = "tpp-nobody", .limit = 3, .offset = 3}));
  EXPECT_TRUE(nothing.consents.empty());
  EXPECT_EQ(nothing.count, 0u);
  const auto most = ok(this->repo_->search({.limit = kMaxConsentSearchLimit}));
  EXPECT_EQ(most.consents.size(), 8u);
  EXPECT_EQ(most.count, 8u);
}

TYPED_TEST_P(ConsentRepositoryContract, SearchRefusesALimitOutsideItsBoundsAsACallerBug) {
  for (const std::size_t limit : {std::size_t{0}, kMaxConsentSearchLimit + 1}) {
    const auto refused = this->repo_->search({.limit = limit});
    ASSERT_FALSE(refused.has_value()) << limit;
    EXPECT_EQ(refused.error().code, ErrorCode::server_error);
  }
}

REGISTER_TYPED_TEST_SUITE_P(ConsentRepositoryContract, ACreatedConsentIsFoundWithEveryField,
                            TheCreationIsTheFirstRowOfTheHistory,
                            TheSameKeyAndBodyReplayTheFirstAnswerAndWriteNothing,
                            TheSameKeyWithAnotherBodyIsAConflictAndWritesNothing, AnotherClientsSameKeyIsIndependent,
                            AnExpiredKeyIsReplaced, AFailedCreationLeavesItsKeyUnclaimed,
                            ATransitionHappensOnlyFromTheExpectedStatus,
                            ARejectionIsRecordedWithItsReasonAndKeepsTheSubject,
                            HistoryRowsKeepTheirTimesAndActorsInOrder,
                            TwelveThreadsAuthorisingOrRejectingHaveExactlyOneWinner,
                            OnlyAnAuthorisedConsentIsExtendedAndExtensionsComeNewestFirst,
                            SweepingDeletesOnlyExpiredKeys, AnOutageIsUnavailableNeverAVerdict,
                            SearchSelectsByEveryGivenCriterionNewestFirst, SearchBreaksTiesByIdInByteOrder,
                            SearchPagesByOffsetAndLimitAndAlwaysCountsEveryMatch,
                            SearchRefusesALimitOutsideItsBoundsAsACallerBug);

}  // namespace fapid::storage::testing
