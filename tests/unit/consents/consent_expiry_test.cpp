// When a consent ends by itself (fapi/consents/consent_expiry.hpp; SPEC section 17, consents API v3):
// CONSENT_EXPIRED for one never authorised in time, CONSENT_MAX_DATE_REACHED at its expirationDateTime.
#include "fapi/consents/consent_expiry.hpp"

#include <gtest/gtest.h>

#include "fapi/consents/date_time.hpp"

namespace fapid::fapi::consents {
namespace {

using namespace std::chrono_literals;
using storage::ConsentRecord;
using storage::ConsentRejection;
using storage::ConsentStatus;

constexpr std::chrono::seconds kAwaiting = 60min;  // SPEC section 17: unapproved consents end after 60 min

TimePoint at(std::string_view text) { return *parse_date_time(text); }

const TimePoint kCreated = at("2026-03-01T10:00:00Z");

ConsentRecord consent(ConsentStatus status, std::optional<TimePoint> expires_at = std::nullopt) {
  ConsentRecord c;
  c.id = "urn:bank:c-1";
  c.client_id = "tpp-one";
  c.status = status;
  c.logged_user_document = "52998224725";
  c.created_at = c.status_updated_at = kCreated;
  c.expires_at = expires_at;
  return c;
}

const ConsentRejection kExpired{"ASPSP", "CONSENT_EXPIRED", "the consent was not authorised in time"};
const ConsentRejection kMaxDate{"ASPSP", "CONSENT_MAX_DATE_REACHED", "the consent reached its expiration date"};

TEST(ConsentExpiry, AnAwaitingConsentIsRejectedAsExpiredAtTheEndOfItsAuthorisationWindow) {
  const auto c = consent(ConsentStatus::awaiting_authorisation, kCreated + 24h);
  EXPECT_EQ(due_expiry(c, kAwaiting, kCreated), std::nullopt);
  EXPECT_EQ(due_expiry(c, kAwaiting, kCreated + kAwaiting - 1ms), std::nullopt);
  EXPECT_EQ(due_expiry(c, kAwaiting, kCreated + kAwaiting), kExpired);  // the boundary is included
  EXPECT_EQ(due_expiry(c, kAwaiting, kCreated + 2h), kExpired);
}

TEST(ConsentExpiry, TheAuthorisationWindowIsTheConfiguredOne) {
  const auto c = consent(ConsentStatus::awaiting_authorisation);
  EXPECT_EQ(due_expiry(c, 5min, kCreated + 5min), kExpired);
  EXPECT_EQ(due_expiry(c, 2h, kCreated + 5min), std::nullopt);
}

TEST(ConsentExpiry, AnAuthorisedConsentIsNeverExpiredByTheAuthorisationWindow) {
  const auto indefinite = consent(ConsentStatus::authorised);
  EXPECT_EQ(due_expiry(indefinite, kAwaiting, kCreated + 24h * 365 * 10), std::nullopt);
}

TEST(ConsentExpiry, AnAuthorisedConsentReachesItsMaxDateAtItsExpirationDateTime) {
  const auto expires = kCreated + 24h * 90;
  const auto c = consent(ConsentStatus::authorised, expires);
  EXPECT_EQ(due_expiry(c, kAwaiting, expires - 1ms), std::nullopt);
  EXPECT_EQ(due_expiry(c, kAwaiting, expires), kMaxDate);
  EXPECT_EQ(due_expiry(c, kAwaiting, expires + 1s), kMaxDate);
}

TEST(ConsentExpiry, AnAwaitingConsentPastItsExpirationDateTimeReachesItsMaxDateFirst) {
  // An expiration inside the authorisation window (the API allows a near one): the date wins.
  const auto c = consent(ConsentStatus::awaiting_authorisation, kCreated + 10min);
  EXPECT_EQ(due_expiry(c, kAwaiting, kCreated + 10min), kMaxDate);
  EXPECT_EQ(due_expiry(c, kAwaiting, kCreated + 2h), kMaxDate);
}

TEST(ConsentExpiry, ARejectedConsentHasNothingMoreDue) {
  auto c = consent(ConsentStatus::rejected, kCreated + 1min);
  c.rejection = ConsentRejection{"USER", "CUSTOMER_MANUALLY_REJECTED", ""};
  EXPECT_EQ(due_expiry(c, kAwaiting, kCreated + 24h), std::nullopt);
}

}  // namespace
}  // namespace fapid::fapi::consents
