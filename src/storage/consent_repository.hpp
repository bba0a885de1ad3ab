#pragma once
// The durable port for Open Finance consents (issue 5, SPEC section 17 and the consents API v3 shape).
// A consent changes status only through transition(), which is conditional on the status the caller
// saw and writes the history row in the same transaction: two racing approvals cannot both win, and
// every change is recorded with its time and actor.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/records.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

enum class ConsentStatus { awaiting_authorisation, authorised, rejected };
// "AWAITING_AUTHORISATION", "AUTHORISED", "REJECTED" (the wire names, also what the adapters store).
std::string_view to_string(ConsentStatus status);
std::optional<ConsentStatus> consent_status_from_string(std::string_view name);

// The actor of a change the TPP made, "TPP:<client_id>"; create_consent records the creation with it.
std::string tpp_actor(std::string_view client_id);

struct ConsentRejection {
  std::string rejected_by;  // USER, ASPSP, TPP
  std::string reason;       // CUSTOMER_MANUALLY_REJECTED, CONSENT_EXPIRED, CONSENT_MAX_DATE_REACHED, ...
  std::string additional_information;
  friend bool operator==(const ConsentRejection&, const ConsentRejection&) = default;
};

struct ConsentRecord {
  std::string id;                        // urn:<namespace>:<uuid>
  std::string client_id;                 // the TPP that created it, the only one that may see it
  ConsentStatus status = ConsentStatus::awaiting_authorisation;
  std::string logged_user_document;      // CPF, 11 digits
  std::string business_entity_document;  // CNPJ, 14 digits; empty when none
  std::vector<std::string> permissions;  // as granted (the supported subset of what was asked)
  TimePoint created_at;
  TimePoint status_updated_at;
  std::optional<TimePoint> expires_at;   // none: indefinite
  std::string subject;                   // the customer who authorised it; empty until then
  std::optional<ConsentRejection> rejection;
  friend bool operator==(const ConsentRecord&, const ConsentRecord&) = default;
};

// One row of a consent's history.
struct ConsentTransition {
  std::string consent_id;
  TimePoint at;
  std::optional<ConsentStatus> from;  // none for the creation
  ConsentStatus to = ConsentStatus::awaiting_authorisation;
  std::string actor;                  // "TPP:<client_id>", "USER:<sub>", "ASPSP"
  std::string reason;                 // the rejection reason code; empty otherwise
  friend bool operator==(const ConsentTransition&, const ConsentTransition&) = default;
};

struct ConsentExtension {
  std::string consent_id;
  std::optional<TimePoint> expires_at;           // the new expiry (none: indefinite)
  std::optional<TimePoint> previous_expires_at;
  std::string logged_user_document;
  TimePoint requested_at;
  std::string customer_ip_address;
  std::string customer_user_agent;
  friend bool operator==(const ConsentExtension&, const ConsentExtension&) = default;
};

// x-idempotency-key: a repeated creation by the same client with the same key returns what the first
// one answered; the same key with another body is a conflict.
struct IdempotencyKey {
  std::string client_id;
  std::string key;
  std::string request_hash;   // SHA-256 of the request body, hex
  std::string response_body;  // the first answer's JSON, replayed verbatim
  TimePoint expires_at;
};

enum class CreateConsentOutcome { created, replayed, key_reused_with_another_body };

struct CreateConsentResult {
  CreateConsentOutcome outcome = CreateConsentOutcome::created;
  std::string response_body;  // for replayed: the first answer
};

// The most consents one search() returns (the back office's largest page-size).
inline constexpr std::size_t kMaxConsentSearchLimit = 1000;

// What the back office looks consents up by (issue 6): every given criterion must hold, an absent one
// selects all. Matches are exact (documents as stored: 11 CPF digits, 14 CNPJ characters). Ordered
// newest first: created_at descending, then id ascending in byte order; then paged by offset and limit.
struct ConsentSearch {
  std::optional<std::string> logged_user_document = std::nullopt;  // CPF
  std::optional<std::string> business_entity_document = std::nullopt;  // CNPJ
  std::optional<std::string> client_id = std::nullopt;
  std::optional<ConsentStatus> status = std::nullopt;
  std::size_t limit = 25;  // 1..kMaxConsentSearchLimit
  std::size_t offset = 0;
};

struct ConsentPage {
  std::vector<ConsentRecord> consents;  // this page, in the order ConsentSearch states
  std::size_t count = 0;                // how many consents the criteria select, ignoring limit and offset
};

// store_fault for a limit out of 1..kMaxConsentSearchLimit: a caller bug (the page parser bounds it),
// never something to clamp silently.
inline Result<void> check_consent_search(const ConsentSearch& search) {
  if (search.limit == 0 || search.limit > kMaxConsentSearchLimit)
    return store_fault("search_consents: limit " + std::to_string(search.limit) + " is outside 1.." +
                       std::to_string(kMaxConsentSearchLimit));
  return {};
}

class ConsentRepository {
 public:
  virtual ~ConsentRepository() = default;

  // Records the consent and its creation in the history (at created_at, by tpp_actor(client_id)), with
  // the idempotency key when given, in one transaction. A key is live while its expires_at is after
  // consent.created_at (the creation's "now"). A live key of the same client answers replayed (same
  // request_hash) or key_reused_with_another_body, and writes nothing; an expired one is replaced.
  // key->client_id must be consent.client_id (store_fault otherwise).
  virtual Result<CreateConsentResult> create_consent(const ConsentRecord& consent,
                                                     const std::optional<IdempotencyKey>& key) = 0;

  virtual Result<std::optional<ConsentRecord>> find_consent(std::string_view id) = 0;

  // Moves the consent from `from` to `to` at `now`, recording `actor`; sets `subject` when non-empty and
  // `rejection` when given. False (and nothing written) when the consent is missing or not in `from`.
  virtual Result<bool> transition(std::string_view id, ConsentStatus from, ConsentStatus to, std::string_view actor,
                                  std::string_view subject, const std::optional<ConsentRejection>& rejection,
                                  TimePoint now) = 0;

  // Sets a new expiry on an AUTHORISED consent and records the extension, in one transaction. False
  // when the consent is missing or not AUTHORISED. The recorded previous_expires_at is the expiry the
  // consent had, read in that transaction (the caller's value is ignored), so racing extensions chain.
  virtual Result<bool> extend(const ConsentExtension& extension) = 0;

  // Newest first.
  virtual Result<std::vector<ConsentExtension>> extensions(std::string_view id) = 0;
  // Oldest first.
  virtual Result<std::vector<ConsentTransition>> history(std::string_view id) = 0;

  // Deletes idempotency keys expired at `now` (expires_at <= now); returns how many.
  virtual Result<std::size_t> sweep_expired_keys(TimePoint now) = 0;

  // One page of the consents `search` selects, with how many it selects in all. store_fault when the
  // search fails check_consent_search.
  virtual Result<ConsentPage> search(const ConsentSearch& search) = 0;
};

}  // namespace fapid::storage
