#pragma once
// The OutageRepository contract (src/storage/outage_repository.hpp), one typed suite for every adapter.
// Factory shape: tests/unit/storage/contract/README.md, with
//   static std::shared_ptr<OutageRepository> open_outages(const std::string& backing);
//   static std::shared_ptr<OutageRepository> open_unavailable_outages();  // every write fails: 503
// Times are whole milliseconds, the precision adapters keep.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "storage/outage_repository.hpp"
#include "unit/storage/contract/contract_support.hpp"

namespace fapid::storage::testing {

template <class Factory>
class OutageRepositoryContract : public ::testing::Test {
 protected:
  void SetUp() override {
    backing_ = Factory::fresh_backing();
    repo_ = Factory::open_outages(backing_);
    ASSERT_NE(repo_, nullptr);
  }

  // An outage of `duration` from `start`, with an id unique in the backing unless one is given.
  OutageRecord outage(TimePoint start, std::chrono::seconds duration = std::chrono::hours(1), std::string id = {}) {
    OutageRecord o;
    o.id = id.empty() ? "outage-" + std::to_string(++counter_) : std::move(id);
    o.outage_time = start;
    o.duration = duration;
    o.is_partial = false;
    o.explanation = "Manutenção programada";
    o.unavailable_endpoints = {"https://api.bank.example/open-banking/accounts/v2/accounts"};
    o.created_at = now_;
    o.updated_at = now_;
    o.updated_by = "staff-1";
    return o;
  }
  OutageRecord created(TimePoint start, std::chrono::seconds duration = std::chrono::hours(1), std::string id = {}) {
    auto o = outage(start, duration, std::move(id));
    ok(repo_->create(o));
    return o;
  }

  std::vector<OutageRecord> all() { return ok(repo_->list(OutageQuery{.limit = kMaxOutageListLimit})); }
  std::vector<std::string> ids(const OutageQuery& q) {
    std::vector<std::string> out;
    for (const auto& o : ok(repo_->list(q))) out.push_back(o.id);
    return out;
  }
  static OutageQuery window(std::optional<TimePoint> from, std::optional<TimePoint> to) {
    return OutageQuery{.from = from, .to = to, .limit = kMaxOutageListLimit};
  }

  std::string backing_;
  std::shared_ptr<OutageRepository> repo_;
  // A fixed odd millisecond, so a store that drops milliseconds (or rounds to seconds) is caught.
  TimePoint t0_ = whole_ms(std::chrono::system_clock::now()) + std::chrono::milliseconds(7);
  TimePoint now_ = t0_ - std::chrono::hours(24) + std::chrono::milliseconds(321);
  int counter_ = 0;
};

TYPED_TEST_SUITE_P(OutageRepositoryContract);

using namespace std::chrono_literals;

TYPED_TEST_P(OutageRepositoryContract, ACreatedOutageIsFoundWithEveryField) {
  auto o = this->outage(this->t0_ + 123ms, 9000s);
  o.is_partial = true;
  o.explanation = "Indisponibilidade parcial: \"contas\" e cartões — 2ª fase";
  o.unavailable_endpoints = {"https://api.bank.example/open-banking/accounts/v2/accounts",
                             "https://api.bank.example/open-banking/credit-cards-accounts/v2/accounts"};
  o.updated_at = this->now_ + 1s + 1ms;
  o.updated_by = "staff-subject-42";
  ok(this->repo_->create(o));
  EXPECT_EQ(ok(this->repo_->find(o.id)), std::optional<OutageRecord>(o));
  EXPECT_EQ(ok(this->repo_->find("no-such-outage")), std::nullopt);

  // No endpoints (the whole API is down) round-trips as an empty list, not as a missing one.
  auto whole = this->outage(this->t0_, 60s);
  whole.unavailable_endpoints.clear();
  ok(this->repo_->create(whole));
  EXPECT_EQ(ok(this->repo_->find(whole.id)), std::optional<OutageRecord>(whole));
}

TYPED_TEST_P(OutageRepositoryContract, ATakenIdIsAFaultAndWritesNothing) {
  const auto first = this->created(this->t0_);
  auto second = this->outage(this->t0_ + 2h, 30min, first.id);
  second.explanation = "another";
  auto r = this->repo_->create(second);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::server_error) << r.error().detail;
  EXPECT_EQ(ok(this->repo_->find(first.id)), std::optional<OutageRecord>(first));
  EXPECT_EQ(ok(this->repo_->count(OutageQuery{})), 1u);
}

TYPED_TEST_P(OutageRepositoryContract, TheListIsOrderedByOutageTimeThenIdInByteOrder) {
  // Created out of order; "B" < "a" < "c" in byte order (a locale collation would put "a" first).
  this->created(this->t0_ + 1h, 1h, "outage-b");
  this->created(this->t0_, 1h, "outage-c");
  this->created(this->t0_, 1h, "outage-B");
  this->created(this->t0_, 1h, "outage-a");
  this->created(this->t0_ - 1ms, 1h, "outage-z");
  const std::vector<std::string> expected{"outage-z", "outage-B", "outage-a", "outage-c", "outage-b"};
  EXPECT_EQ(this->ids(this->window(std::nullopt, std::nullopt)), expected);
}

TYPED_TEST_P(OutageRepositoryContract, TheWindowSelectsOutagesWhoseIntervalOverlapsIt) {
  const auto t0 = this->t0_;
  const auto a = this->created(t0, 1h).id;       // [t0, t0+1h)
  const auto b = this->created(t0 + 2h, 1h).id;  // [t0+2h, t0+3h)
  const auto c = this->created(t0 + 5h, 1h).id;  // [t0+5h, t0+6h)
  using Ids = std::vector<std::string>;
  const auto expect = [&](std::optional<TimePoint> from, std::optional<TimePoint> to, const Ids& want) {
    const auto q = this->window(from, to);
    EXPECT_EQ(this->ids(q), want);
    EXPECT_EQ(ok(this->repo_->count(q)), want.size());
  };
  expect(std::nullopt, std::nullopt, Ids{a, b, c});
  // Half-open on both sides: an outage ending at `from` or starting at `to` is outside.
  expect(t0 + 1h, t0 + 5h, Ids{b});
  expect(t0 + 1h - 1ms, t0 + 5h + 1ms, Ids{a, b, c});
  expect(t0 + 3h, std::nullopt, Ids{c});
  expect(std::nullopt, t0 + 2h, Ids{a});
  // A window inside one outage selects it; a gap between outages selects none.
  expect(t0 + 10min, t0 + 20min, Ids{a});
  expect(t0 + 3h, t0 + 5h, Ids{});
  expect(t0 + 4h, t0 + 4h, Ids{});
  // The duration counts: a long outage that started before the window still overlaps it.
  const auto long_one = this->created(t0 - 48h, 50h).id;  // [t0-48h, t0+2h)
  expect(t0 + 1h, t0 + 2h, Ids{long_one});
}

TYPED_TEST_P(OutageRepositoryContract, PagesFollowTheOrderAndTheCountIgnoresThem) {
  std::vector<std::string> expected;
  // [t0 + i min, t0 + (i + 1) min)
  for (int i = 0; i < 7; ++i) expected.push_back(this->created(this->t0_ + std::chrono::minutes(i), 60s).id);
  std::vector<std::string> paged;
  for (std::size_t offset : {0u, 3u, 6u}) {
    const auto page = this->ids(OutageQuery{.limit = 3, .offset = offset});
    EXPECT_EQ(page.size(), offset == 6 ? 1u : 3u) << "offset " << offset;
    paged.insert(paged.end(), page.begin(), page.end());
  }
  EXPECT_EQ(paged, expected);
  EXPECT_TRUE(this->ids(OutageQuery{.limit = 3, .offset = 7}).empty());
  EXPECT_EQ(ok(this->repo_->count(OutageQuery{.limit = 1, .offset = 5})), 7u);
  // Paging applies after the window.
  const auto q = OutageQuery{.from = this->t0_ + 2min + 1ms, .limit = 2, .offset = 1};
  EXPECT_EQ(this->ids(q), (std::vector<std::string>{expected[3], expected[4]}));
  EXPECT_EQ(ok(this->repo_->count(q)), 5u);
}

TYPED_TEST_P(OutageRepositoryContract, ALimitOutsideItsBoundsIsACallerFault) {
  this->created(this->t0_);
  for (std::size_t limit : {std::size_t{0}, kMaxOutageListLimit + 1}) {
    auto r = this->repo_->list(OutageQuery{.limit = limit});
    ASSERT_FALSE(r.has_value()) << "limit " << limit;
    EXPECT_EQ(r.error().code, ErrorCode::server_error);
  }
  EXPECT_EQ(ok(this->repo_->list(OutageQuery{.limit = kMaxOutageListLimit})).size(), 1u);
}

TYPED_TEST_P(OutageRepositoryContract, AnUpdateReplacesEveryFieldButCreatedAt) {
  const auto before = this->created(this->t0_);
  auto after = before;
  after.outage_time = this->t0_ + 3h + 5ms;
  after.duration = 45min;
  after.is_partial = true;
  after.explanation = "Novo horário";
  after.unavailable_endpoints = {"https://api.bank.example/open-banking/loans/v2/contracts",
                                 "https://api.bank.example/open-banking/accounts/v2/accounts"};
  after.updated_at = this->now_ + 2h + 9ms;
  after.updated_by = "staff-2";
  after.created_at = this->now_ + 5h;  // ignored
  EXPECT_TRUE(ok(this->repo_->update(after)));
  auto expected = after;
  expected.created_at = before.created_at;
  EXPECT_EQ(ok(this->repo_->find(before.id)), std::optional<OutageRecord>(expected));
  EXPECT_EQ(this->all(), std::vector<OutageRecord>{expected});
}

TYPED_TEST_P(OutageRepositoryContract, UpdatingOrRemovingAnUnknownOutageIsFalseAndChangesNothing) {
  const auto kept = this->created(this->t0_);
  auto stranger = this->outage(this->t0_ + 1h);
  stranger.explanation = "never stored";
  EXPECT_FALSE(ok(this->repo_->update(stranger)));
  EXPECT_FALSE(ok(this->repo_->remove(stranger.id)));
  EXPECT_EQ(ok(this->repo_->find(stranger.id)), std::nullopt);
  EXPECT_EQ(this->all(), std::vector<OutageRecord>{kept});
}

TYPED_TEST_P(OutageRepositoryContract, ARemovedOutageIsGoneAndOnlyOnce) {
  const auto gone = this->created(this->t0_);
  const auto kept = this->created(this->t0_ + 1h);
  EXPECT_TRUE(ok(this->repo_->remove(gone.id)));
  EXPECT_EQ(ok(this->repo_->find(gone.id)), std::nullopt);
  EXPECT_FALSE(ok(this->repo_->remove(gone.id)));
  EXPECT_FALSE(ok(this->repo_->update(gone))) << "a removed outage is not brought back by an update";
  EXPECT_EQ(this->all(), std::vector<OutageRecord>{kept});
  EXPECT_EQ(ok(this->repo_->count(OutageQuery{})), 1u);
}

TYPED_TEST_P(OutageRepositoryContract, WhatOneInstanceWritesAnotherReads) {
  const auto other = TypeParam::open_outages(this->backing_);
  ASSERT_NE(other, nullptr);
  const auto o = this->created(this->t0_);
  EXPECT_EQ(ok(other->find(o.id)), std::optional<OutageRecord>(o));
  auto changed = o;
  changed.explanation = "corrigido";
  EXPECT_TRUE(ok(other->update(changed)));
  EXPECT_EQ(ok(this->repo_->find(o.id)), std::optional<OutageRecord>(changed));
}

TYPED_TEST_P(OutageRepositoryContract, AnOutageOfTheStoreIsUnavailableNeverAVerdict) {
  const auto repo = TypeParam::open_unavailable_outages();
  ASSERT_NE(repo, nullptr);
  const auto expect_unavailable = [](const OAuthError& e) {
    EXPECT_EQ(e.code, ErrorCode::temporarily_unavailable) << e.detail;
    EXPECT_EQ(e.status, 503);
  };
  const auto o = this->outage(this->t0_);
  auto created = repo->create(o);
  ASSERT_FALSE(created.has_value());
  expect_unavailable(created.error());
  auto updated = repo->update(o);
  ASSERT_FALSE(updated.has_value());
  expect_unavailable(updated.error());
  auto removed = repo->remove(o.id);
  ASSERT_FALSE(removed.has_value());
  expect_unavailable(removed.error());
}

REGISTER_TYPED_TEST_SUITE_P(OutageRepositoryContract, ACreatedOutageIsFoundWithEveryField,
                            ATakenIdIsAFaultAndWritesNothing, TheListIsOrderedByOutageTimeThenIdInByteOrder,
                            TheWindowSelectsOutagesWhoseIntervalOverlapsIt, PagesFollowTheOrderAndTheCountIgnoresThem,
                            ALimitOutsideItsBoundsIsACallerFault, AnUpdateReplacesEveryFieldButCreatedAt,
                            UpdatingOrRemovingAnUnknownOutageIsFalseAndChangesNothing,
                            ARemovedOutageIsGoneAndOnlyOnce, WhatOneInstanceWritesAnotherReads,
                            AnOutageOfTheStoreIsUnavailableNeverAVerdict);

}  // namespace fapid::storage::testing
