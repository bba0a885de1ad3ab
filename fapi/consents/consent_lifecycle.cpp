#include "fapi/consents/consent_lifecycle.hpp"

#include <cctype>

#include "fapi/consents/consent_expiry.hpp"
#include "log/logger.hpp"

namespace fapid::fapi {

namespace {

using storage::ConsentStatus;

// The expiry due at `now`, if any: the rule the back office shares (fapi/consents/consent_expiry.hpp).
std::optional<storage::ConsentRejection> due_expiry(const Context& ctx, const storage::ConsentRecord& c,
                                                    storage::TimePoint now) {
  return consents::due_expiry(c, ctx.cfg.consents.awaiting_authorisation_lifetime, now);
}

}  // namespace

Result<bool> reject_consent(const Context& ctx, const storage::ConsentRecord& consent, ConsentStatus from,
                            const storage::ConsentRejection& rejection, std::string_view actor) {
  const auto now = ctx.clock().now();
  auto moved = ctx.consents().transition(consent.id, from, ConsentStatus::rejected, actor, {}, rejection, now);
  if (!moved || !*moved) return moved;
  // RT4: the consent's tokens die with it. Should this fail, consent_allows_tokens still refuses them.
  auto revoked = ctx.grants().revoke_grants_for_consent(consent.id, now);
  if (!revoked) return revoked.error();
  log::info("consent_rejected", {{"consent_id", consent.id},
                                 {"client_id", consent.client_id},
                                 {"reason", rejection.reason},
                                 {"actor", actor},
                                 {"grants_revoked", std::to_string(*revoked)}});
  return true;
}

Result<std::optional<storage::ConsentRecord>> load_consent(const Context& ctx, std::string_view id) {
  auto found = ctx.consents().find_consent(id);
  if (!found || !*found) return found;
  const auto now = ctx.clock().now();
  const auto expiry = due_expiry(ctx, **found, now);
  if (!expiry) return found;
  auto rejected = reject_consent(ctx, **found, (*found)->status, *expiry, "ASPSP");
  if (!rejected) return rejected.error();
  // Whoever moved it first (another instance expiring it, or the customer), the stored state is the truth.
  return ctx.consents().find_consent(id);
}

Result<bool> consent_allows_tokens(const Context& ctx, const storage::GrantRecord& grant) {
  if (grant.consent_id.empty()) return true;
  auto consent = load_consent(ctx, grant.consent_id);
  if (!consent) return consent.error();
  return *consent && (*consent)->status == ConsentStatus::authorised;
}

storage::TimePoint consent_tokens_until(const storage::ConsentRecord& consent, storage::TimePoint now) {
  constexpr std::chrono::hours kIndefiniteConsentHorizon{24 * 365 * 5};
  return consent.expires_at.value_or(now + kIndefiniteConsentHorizon);
}

std::string consent_id_in_scope(std::string_view scope) {
  std::size_t start = 0;
  while (start < scope.size()) {
    const auto end = std::min(scope.find(' ', start), scope.size());
    const auto token = scope.substr(start, end - start);
    if (token.substr(0, kConsentScopePrefix.size()) == kConsentScopePrefix)
      return std::string(token.substr(kConsentScopePrefix.size()));
    start = end + 1;
  }
  return {};
}

bool is_consent_urn(std::string_view id) {
  if (id.size() > 256 || id.substr(0, 4) != "urn:") return false;
  id.remove_prefix(4);
  const auto colon = id.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 32) return false;
  const auto nid = id.substr(0, colon);
  if (!std::isalnum(static_cast<unsigned char>(nid[0]))) return false;
  for (char c : nid)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  const auto nss = id.substr(colon + 1);
  if (nss.empty()) return false;
  // The consents API's pattern for the rest: URN characters only, so an id is safe in paths and scopes.
  constexpr std::string_view kAllowed = "()+,-.:=@;$_!*'%/?#";
  for (char c : nss)
    if (!std::isalnum(static_cast<unsigned char>(c)) && kAllowed.find(c) == std::string_view::npos) return false;
  return true;
}

}  // namespace fapid::fapi
