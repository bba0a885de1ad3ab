#pragma once
// When a consent ends by itself (SPEC section 17, consents API v3): an unapproved consent is rejected
// once its authorisation window has passed (CONSENT_EXPIRED), an authorised one at its
// expirationDateTime (CONSENT_MAX_DATE_REACHED). A pure decision, shared by the FAPI tree's consents API
// (fapi/consents/consent_lifecycle.cpp) and the back office's consents administration
// (nonfapi/backoffice), so both expire a consent at the same instant for the same reason; acting on it
// (recording the rejection, revoking the consent's grants) is each caller's.
#include <chrono>
#include <optional>

#include "storage/consent_repository.hpp"

namespace fapid::fapi::consents {

// The rejection due at `now`, or nullopt when none is: never for a REJECTED consent; CONSENT_MAX_DATE_REACHED
// (rejectedBy ASPSP) once expires_at <= now, whatever the status; CONSENT_EXPIRED (rejectedBy ASPSP) for an
// AWAITING_AUTHORISATION consent once created_at + awaiting_lifetime <= now. The first wins when both are due.
std::optional<storage::ConsentRejection> due_expiry(const storage::ConsentRecord& consent,
                                                    std::chrono::seconds awaiting_lifetime, storage::TimePoint now);

}  // namespace fapid::fapi::consents
