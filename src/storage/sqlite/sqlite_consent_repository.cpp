#include "storage/sqlite/sqlite_consent_repository.hpp"

#include <thread>

#include "storage/permissions_json.hpp"
#include "storage/sqlite/consent_rows.hpp"
#include "storage/sqlite/consent_sql.hpp"
#include "storage/sqlite/queries.hpp"
#include "storage/sqlite/write_transaction.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

using sqlite::run;
using sqlite::SqliteConnection;
using sqlite::Statement;
using sqlite::WriteTransaction;

namespace {


Result<void> insert_history(SqliteConnection& conn, std::string_view operation, const ConsentTransition& t) {
  return run(conn, sqlite::sql::kInsertConsentHistory, operation, [&](Statement& st) -> Statement& {
    st.text(t.consent_id).time(t.at);
    if (t.from) st.text(to_string(*t.from));
    else st.null();
    return st.text(to_string(t.to)).text(t.actor).text(t.reason);
  });
}

// Under the write lock: the key is taken (new or expired), or the live key decides the answer.
Result<std::optional<CreateConsentResult>> claim_key(SqliteConnection& conn, std::string_view operation,
                                                     const IdempotencyKey& key, std::string_view consent_id,
                                                     TimePoint now) {
  auto claimed = run(conn, sqlite::sql::kClaimIdempotencyKey, operation, [&](Statement& st) -> Statement& {
    return st.text(key.client_id)
        .text(key.key)
        .text(key.request_hash)
        .text(consent_id)
        .text(key.response_body)
        .time(key.expires_at)
        .time(now);
  });
  if (!claimed) return claimed.error();
  if (conn.changes() == 1) return std::optional<CreateConsentResult>();
  auto st = conn.prepare(sqlite::sql::kFindIdempotencyKey, operation);
  if (!st) return st.error();
  auto row = st->text(key.client_id).text(key.key).step();
  if (!row) return row.error();
  if (!*row) return store_fault("sqlite: " + std::string(operation) + ": a live idempotency key vanished");
  if (st->column_text(0) != key.request_hash)
    return std::optional<CreateConsentResult>(CreateConsentResult{CreateConsentOutcome::key_reused_with_another_body, {}});
  return std::optional<CreateConsentResult>(CreateConsentResult{CreateConsentOutcome::replayed, st->column_text(1)});
}

}  // namespace

SqliteConsentRepository::SqliteConsentRepository(std::shared_ptr<SqliteDatabase> database)
    : database_(std::move(database)) {}

Result<CreateConsentResult> SqliteConsentRepository::create_consent(const ConsentRecord& consent,
                                                                    const std::optional<IdempotencyKey>& key) {
  constexpr std::string_view kOp = "create_consent";
  if (key && key->client_id != consent.client_id)
    return store_fault("sqlite: create_consent: the idempotency key belongs to another client");
  const std::string permissions = permissions_to_json(consent.permissions);
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<CreateConsentResult> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    // Every return before commit rolls back: a replay, a conflict or a failure writes nothing.
    if (key) {
      auto earlier = claim_key(conn, kOp, *key, consent.id, consent.created_at);
      if (!earlier) return earlier.error();
      if (*earlier) return std::move(**earlier);
    }
    auto inserted = run(conn, sqlite::sql::kInsertConsent, kOp, [&](Statement& st) -> Statement& {
      return sqlite::bind_consent(st, consent, permissions);
    });
    if (!inserted) return inserted.error();
    const ConsentTransition created{consent.id, consent.created_at, std::nullopt, consent.status,
                                    tpp_actor(consent.client_id), ""};
    if (auto recorded = insert_history(conn, kOp, created); !recorded) return recorded.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return CreateConsentResult{CreateConsentOutcome::created, {}};
  });
}

Result<std::optional<ConsentRecord>> SqliteConsentRepository::find_consent(std::string_view id) {
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::optional<ConsentRecord>> {
    auto st = conn.prepare(sqlite::sql::kFindConsent, "find_consent");
    if (!st) return st.error();
    auto row = st->text(id).step();
    if (!row) return row.error();
    if (!*row) return std::optional<ConsentRecord>();
    auto consent = sqlite::read_consent(*st);
    if (!consent) return consent.error();
    return std::optional<ConsentRecord>(std::move(*consent));
  });
}

Result<bool> SqliteConsentRepository::transition(std::string_view id, ConsentStatus from, ConsentStatus to,
                                                 std::string_view actor, std::string_view subject,
                                                 const std::optional<ConsentRejection>& rejection, TimePoint now) {
  constexpr std::string_view kOp = "transition_consent";
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<bool> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    auto moved = run(conn, sqlite::sql::kTransitionConsent, kOp, [&](Statement& st) -> Statement& {
      st.text(id).text(to_string(from)).text(to_string(to)).time(now).text(subject);
      if (!rejection) return st.null().null().null();
      return st.text(rejection->rejected_by).text(rejection->reason).text(rejection->additional_information);
    });
    if (!moved) return moved.error();
    if (conn.changes() == 0) return false;  // missing, or no longer in `from`: nothing written
    const ConsentTransition row{std::string(id), now, from, to, std::string(actor),
                                rejection ? rejection->reason : std::string()};
    if (auto recorded = insert_history(conn, kOp, row); !recorded) return recorded.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return true;
  });
}

Result<bool> SqliteConsentRepository::extend(const ConsentExtension& extension) {
  constexpr std::string_view kOp = "extend_consent";
  return database_->write(kOp, [&](SqliteConnection& conn) -> Result<bool> {
    auto tx = WriteTransaction::begin(conn, kOp);
    if (!tx) return tx.error();
    ConsentExtension recorded = extension;
    {
      // Read under the write lock: no other change can come between this read and the update.
      auto st = conn.prepare(sqlite::sql::kConsentExpiry, kOp);
      if (!st) return st.error();
      auto row = st->text(extension.consent_id).step();
      if (!row) return row.error();
      if (!*row) return false;
      auto status = sqlite::read_status(*st, 0, kOp);
      if (!status) return status.error();
      if (*status != ConsentStatus::authorised) return false;
      recorded.previous_expires_at = st->column_optional_time(1);
    }
    auto updated = run(conn, sqlite::sql::kSetConsentExpiry, kOp, [&](Statement& st) -> Statement& {
      return st.text(extension.consent_id).time(extension.expires_at);
    });
    if (!updated) return updated.error();
    auto inserted = run(conn, sqlite::sql::kInsertConsentExtension, kOp,
                        [&](Statement& st) -> Statement& { return sqlite::bind_extension(st, recorded); });
    if (!inserted) return inserted.error();
    if (auto committed = tx->commit(); !committed) return committed.error();
    return true;
  });
}

Result<std::vector<ConsentExtension>> SqliteConsentRepository::extensions(std::string_view id) {
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::vector<ConsentExtension>> {
    auto st = conn.prepare(sqlite::sql::kConsentExtensions, "consent_extensions");
    if (!st) return st.error();
    st->text(id);
    std::vector<ConsentExtension> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return out;
      out.push_back(sqlite::read_extension(*st));
    }
  });
}

Result<std::vector<ConsentTransition>> SqliteConsentRepository::history(std::string_view id) {
  return database_->with_connection([&](SqliteConnection& conn) -> Result<std::vector<ConsentTransition>> {
    auto st = conn.prepare(sqlite::sql::kConsentHistory, "consent_history");
    if (!st) return st.error();
    st->text(id);
    std::vector<ConsentTransition> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return out;
      auto transition = sqlite::read_transition(*st);
      if (!transition) return transition.error();
      out.push_back(std::move(*transition));
    }
  });
}

Result<std::size_t> SqliteConsentRepository::sweep_expired_keys(TimePoint now) {
  std::size_t total = 0;
  for (;;) {
    auto batch = database_->write("sweep_idempotency_keys", [&](SqliteConnection& conn) -> Result<std::int64_t> {
      auto done = run(conn, sqlite::sql::kSweepIdempotencyKeys, "sweep_idempotency_keys",
                      [&](Statement& st) -> Statement& { return st.time(now).integer(sqlite::kSweepChunk); });
      if (!done) return done.error();
      return conn.changes();
    });
    if (!batch) return batch.error();
    total += static_cast<std::size_t>(*batch);
    if (*batch < sqlite::kSweepChunk) return total;
    std::this_thread::sleep_for(sqlite::kSweepPause);
  }
}

Result<ConsentPage> SqliteConsentRepository::search(const ConsentSearch& search) {
  constexpr std::string_view kOp = "search_consents";
  if (auto checked = check_consent_search(search); !checked) return checked.error();
  const auto run_page = [&](SqliteConnection& conn, std::size_t limit, std::size_t offset) -> Result<ConsentPage> {
    auto st = conn.prepare(sqlite::sql::search_consents(search), kOp);
    if (!st) return st.error();
    // An absent criterion is NULL (and unused by its variant); a given one is bound even when empty.
    const auto criterion = [&](const std::optional<std::string>& value) -> Statement& {
      return value ? st->text(*value) : st->null();
    };
    criterion(search.logged_user_document);
    criterion(search.business_entity_document);
    criterion(search.client_id);
    if (search.status) st->text(to_string(*search.status));
    else st->null();
    st->integer(static_cast<std::int64_t>(limit))
        .integer(static_cast<std::int64_t>(offset));
    ConsentPage page;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return page;
      auto consent = sqlite::read_consent(*st);
      if (!consent) return consent.error();
      page.count = static_cast<std::size_t>(st->column_integer(13));
      page.consents.push_back(std::move(*consent));
    }
  };
  return database_->with_connection([&](SqliteConnection& conn) -> Result<ConsentPage> {
    auto page = run_page(conn, search.limit, search.offset);
    if (!page || !page->consents.empty() || search.offset == 0) return page;
    // Past the last page: no row carries the count, so ask for the first match only.
    auto first = run_page(conn, 1, 0);
    if (!first) return first.error();
    page->count = first->count;
    return page;
  });
}

}  // namespace fapid::storage
