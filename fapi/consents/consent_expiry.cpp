#include "fapi/consents/consent_expiry.hpp"

namespace fapid::fapi::consents {

std::optional<storage::ConsentRejection> due_expiry(const storage::ConsentRecord& c, std::chrono::seconds awaiting_lifetime,
                                                    storage::TimePoint now) {
  using storage::ConsentStatus;
  if (c.status == ConsentStatus::rejected) return std::nullopt;
  if (c.expires_at && *c.expires_at <= now)
    return storage::ConsentRejection{"ASPSP", "CONSENT_MAX_DATE_REACHED", "the consent reached its expiration date"};
  if (c.status == ConsentStatus::awaiting_authorisation && c.created_at + awaiting_lifetime <= now)
    return storage::ConsentRejection{"ASPSP", "CONSENT_EXPIRED", "the consent was not authorised in time"};
  return std::nullopt;
}

}  // namespace fapid::fapi::consents
