#include "storage/postgres/postgres_consent_repository.hpp"

#include <pqxx/nontransaction>
#include <pqxx/transaction>
#include <string>

#include "storage/permissions_json.hpp"
#include "storage/postgres/consent_rows.hpp"
#include "storage/postgres/consent_statements.hpp"
#include "storage/postgres/postgres_pool.hpp"
#include "storage/postgres/row_mapping.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

using postgres::PgSession;
using postgres::to_millis;
using postgres::to_nullable;
namespace sql = postgres::sql;

namespace {

constexpr long kSweepBatch = 1000;

// A null const char* is SQL NULL (libpqxx 6 has no std::optional parameters).
const char* nullable(const std::optional<std::string>& text) { return text ? text->c_str() : nullptr; }

void insert_history(pqxx::work& tx, const ConsentTransition& t) {
  const std::optional<std::string> from = t.from ? std::optional<std::string>(to_string(*t.from)) : std::nullopt;
  tx.exec_prepared0(sql::kInsertConsentHistory, t.consent_id, to_millis(t.at), nullable(from),
                    std::string(to_string(t.to)), t.actor, t.reason);
}

void insert_consent(pqxx::work& tx, const ConsentRecord& c) {
  const auto& r = c.rejection;
  tx.exec_prepared0(sql::kInsertConsent, c.id, c.client_id, std::string(to_string(c.status)), c.logged_user_document,
                    c.business_entity_document, permissions_to_json(c.permissions), to_millis(c.created_at),
                    to_millis(c.status_updated_at), to_nullable(c.expires_at), c.subject,
                    r ? r->rejected_by.c_str() : nullptr, r ? r->reason.c_str() : nullptr,
                    r ? r->additional_information.c_str() : nullptr);
}

// Takes the key (new, or expired at `now`), or answers from the live one, which the claim left locked.
std::optional<CreateConsentResult> claim_key(pqxx::work& tx, const IdempotencyKey& key, const std::string& consent_id,
                                             TimePoint now) {
  const auto claimed = tx.exec_prepared(sql::kClaimIdempotencyKey, key.client_id, key.key, key.request_hash,
                                        consent_id, key.response_body, to_millis(key.expires_at), to_millis(now));
  if (!claimed.empty()) return std::nullopt;
  const auto live = tx.exec_prepared1(sql::kFindIdempotencyKey, key.client_id, key.key);
  if (live[0].as<std::string>() != key.request_hash)
    return CreateConsentResult{CreateConsentOutcome::key_reused_with_another_body, {}};
  return CreateConsentResult{CreateConsentOutcome::replayed, live[1].as<std::string>()};
}

}  // namespace

PostgresConsentRepository::PostgresConsentRepository(std::shared_ptr<postgres::PostgresPool> pool)
    : pool_(std::move(pool)) {}
PostgresConsentRepository::~PostgresConsentRepository() = default;

Result<CreateConsentResult> PostgresConsentRepository::create_consent(const ConsentRecord& consent,
                                                                      const std::optional<IdempotencyKey>& key) {
  if (key && key->client_id != consent.client_id)
    return store_fault("postgres: create_consent: the idempotency key belongs to another client");
  return pool_->run<CreateConsentResult>("create_consent", [&](PgSession& s) -> Result<CreateConsentResult> {
    pqxx::work tx(s.db());
    if (key) {
      if (auto earlier = claim_key(tx, *key, consent.id, consent.created_at)) {
        tx.abort();  // a replay or a conflict writes nothing
        return *earlier;
      }
    }
    // A failure below (a duplicate id) throws before commit: the key claimed above is released too.
    insert_consent(tx, consent);
    insert_history(tx, ConsentTransition{consent.id, consent.created_at, std::nullopt, consent.status,
                                         tpp_actor(consent.client_id), ""});
    tx.commit();
    return CreateConsentResult{CreateConsentOutcome::created, {}};
  });
}

Result<std::optional<ConsentRecord>> PostgresConsentRepository::find_consent(std::string_view id) {
  using Found = std::optional<ConsentRecord>;
  return pool_->run<Found>("find_consent", [&](PgSession& s) -> Result<Found> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kFindConsent, std::string(id));
    if (rows.empty()) return std::nullopt;
    return postgres::read_consent(rows[0]);
  });
}

Result<bool> PostgresConsentRepository::transition(std::string_view id, ConsentStatus from, ConsentStatus to,
                                                   std::string_view actor, std::string_view subject,
                                                   const std::optional<ConsentRejection>& rejection, TimePoint now) {
  return pool_->run<bool>("transition_consent", [&](PgSession& s) -> Result<bool> {
    pqxx::work tx(s.db());
    const auto& r = rejection;
    const auto moved = tx.exec_prepared(sql::kTransitionConsent, std::string(id), std::string(to_string(from)),
                                        std::string(to_string(to)), to_millis(now), std::string(subject),
                                        r ? r->rejected_by.c_str() : nullptr, r ? r->reason.c_str() : nullptr,
                                        r ? r->additional_information.c_str() : nullptr);
    if (moved.empty()) {
      tx.abort();  // missing, or no longer in `from`: nothing written
      return false;
    }
    insert_history(tx, ConsentTransition{std::string(id), now, from, to, std::string(actor),
                                         r ? r->reason : std::string()});
    tx.commit();
    return true;
  });
}

Result<bool> PostgresConsentRepository::extend(const ConsentExtension& extension) {
  return pool_->run<bool>("extend_consent", [&](PgSession& s) -> Result<bool> {
    pqxx::work tx(s.db());
    const auto current = tx.exec_prepared(sql::kLockConsentExpiry, extension.consent_id);
    if (current.empty() || postgres::read_status(current[0][0]) != ConsentStatus::authorised) {
      tx.abort();
      return false;
    }
    const auto previous = postgres::optional_time(current[0][1]);
    tx.exec_prepared0(sql::kSetConsentExpiry, extension.consent_id, to_nullable(extension.expires_at));
    tx.exec_prepared0(sql::kInsertConsentExtension, extension.consent_id, to_nullable(extension.expires_at),
                      to_nullable(previous), extension.logged_user_document, to_millis(extension.requested_at),
                      extension.customer_ip_address, extension.customer_user_agent);
    tx.commit();
    return true;
  });
}

Result<std::vector<ConsentExtension>> PostgresConsentRepository::extensions(std::string_view id) {
  using List = std::vector<ConsentExtension>;
  return pool_->run<List>("consent_extensions", [&](PgSession& s) -> Result<List> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kConsentExtensions, std::string(id));
    List out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(postgres::read_extension(row));
    return out;
  });
}

Result<std::vector<ConsentTransition>> PostgresConsentRepository::history(std::string_view id) {
  using List = std::vector<ConsentTransition>;
  return pool_->run<List>("consent_history", [&](PgSession& s) -> Result<List> {
    pqxx::nontransaction tx(s.db());
    const auto rows = tx.exec_prepared(sql::kConsentHistory, std::string(id));
    List out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(postgres::read_transition(row));
    return out;
  });
}

Result<std::size_t> PostgresConsentRepository::sweep_expired_keys(TimePoint now) {
  std::size_t total = 0;
  for (;;) {
    auto batch = pool_->run<std::size_t>("sweep_idempotency_keys", [&](PgSession& s) -> Result<std::size_t> {
      pqxx::work tx(s.db());
      const auto result = tx.exec_prepared(sql::kSweepIdempotencyKeys, to_millis(now), kSweepBatch);
      tx.commit();
      return result.affected_rows();
    });
    if (!batch) return batch.error();
    total += *batch;
    if (*batch < static_cast<std::size_t>(kSweepBatch)) return total;
  }
}

Result<ConsentPage> PostgresConsentRepository::search(const ConsentSearch& search) {
  if (auto checked = check_consent_search(search); !checked) return checked.error();
  const auto criterion = [](const std::optional<std::string>& value) { return value ? value->c_str() : nullptr; };
  const std::optional<std::string> status =
      search.status ? std::optional<std::string>(to_string(*search.status)) : std::nullopt;
  return pool_->run<ConsentPage>("search_consents", [&](PgSession& s) -> Result<ConsentPage> {
    pqxx::nontransaction tx(s.db());
    const auto run_page = [&](std::size_t limit, std::size_t offset) {
      const auto rows = tx.exec_prepared(sql::search_consents(search), criterion(search.logged_user_document),
                                         criterion(search.business_entity_document), criterion(search.client_id),
                                         criterion(status), static_cast<std::int64_t>(limit),
                                         static_cast<std::int64_t>(offset));
      ConsentPage page;
      page.consents.reserve(rows.size());
      for (const auto& row : rows) {
        page.consents.push_back(postgres::read_consent(row));
        page.count = static_cast<std::size_t>(row[13].as<std::int64_t>());
      }
      return page;
    };
    auto page = run_page(search.limit, search.offset);
    // Past the last page: no row carries the count, so ask for the first match only.
    if (page.consents.empty() && search.offset > 0) page.count = run_page(1, 0).count;
    return page;
  });
}

}  // namespace fapid::storage
