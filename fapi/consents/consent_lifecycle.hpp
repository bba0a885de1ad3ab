#pragma once
// A consent's life after creation (SPEC section 17): an unapproved consent is rejected once its
// authorisation window has passed, an authorised one at its expirationDateTime, and the customer or the
// TPP may end it earlier. Every read goes through load_consent, which applies a due expiry (recording it,
// and revoking the consent's grants) before anyone acts on the consent: no sweeper is needed for tokens
// to die on time.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "fapi/context.hpp"
#include "storage/consent_repository.hpp"

namespace fapid::fapi {

inline constexpr std::string_view kConsentScopePrefix = "consent:";

// The consent as it stands now, or nullopt when unknown.
Result<std::optional<storage::ConsentRecord>> load_consent(const Context& ctx, std::string_view id);

// Ends the consent (status REJECTED with `rejection`) and revokes every grant bound to it. False when it
// was no longer in `from` (someone else changed it first).
Result<bool> reject_consent(const Context& ctx, const storage::ConsentRecord& consent, storage::ConsentStatus from,
                            const storage::ConsentRejection& rejection, std::string_view actor);

// RT3: how long the tokens of an authorised consent stay refreshable: to its expirationDateTime, or for
// an indefinite consent a long horizon (its status still ends them at once when it is revoked).
storage::TimePoint consent_tokens_until(const storage::ConsentRecord& consent, storage::TimePoint now);

// True when the grant is not consent-bound, or its consent is AUTHORISED now.
Result<bool> consent_allows_tokens(const Context& ctx, const storage::GrantRecord& grant);

// The consent id of a `consent:<id>` scope token, or empty when the scope has none.
std::string consent_id_in_scope(std::string_view scope);

// SPEC section 17: urn:<namespace>:<id>, the namespace [a-zA-Z0-9][a-zA-Z0-9-]{0,31}, at most 256 characters.
bool is_consent_urn(std::string_view id);

}  // namespace fapid::fapi
