#include "nonfapi/backoffice/consents_admin_api.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include "fapi/consents/consent_expiry.hpp"
#include "log/logger.hpp"
#include "nonfapi/backoffice/api_support.hpp"
#include "nonfapi/backoffice/consent_admin_views.hpp"
#include "nonfapi/endpoint_support.hpp"
#include "storage/store_error.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

using json = nlohmann::json;
using storage::ConsentRecord;
using storage::ConsentRejection;
using storage::ConsentStatus;

constexpr std::string_view kListRoute = "/backoffice/v1/consents";
constexpr std::string_view kItemRoute = "/backoffice/v1/consents/{consentId}";
constexpr std::string_view kRevokeRoute = "/backoffice/v1/consents/{consentId}/revoke";
constexpr std::string_view kRevokeSuffix = "/revoke";
constexpr int kSettleRounds = 3;  // a status changes at most twice (awaiting → authorised → rejected)

BackofficeError unknown_consent() { return not_found("Nenhum consentimento tem esse id."); }
BackofficeError already_rejected() {
  return {422, "CONSENTIMENTO_EM_STATUS_REJEITADO", "Consentimento em status rejeitado",
          "O consentimento já está no status REJECTED."};
}

std::string item_url(const Call& call, std::string_view id) {
  return public_url(call.ctx, kConsentsPath) + "/" + path_segment(id);
}

// Ends the consent (REJECTED with `rejection`, recorded with `actor`) and revokes every grant bound to
// it (SPEC RT4), as the FAPI tree's reject_consent does. False when it was no longer in `from`.
Result<bool> end_consent(const Context& ctx, const ConsentRecord& c, ConsentStatus from, const ConsentRejection& rejection,
                    std::string_view actor, TimePoint now) {
  auto moved = ctx.deps.consents->transition(c.id, from, ConsentStatus::rejected, actor, {}, rejection, now);
  if (!moved || !*moved) return moved;
  auto revoked = ctx.grants().revoke_grants_for_consent(c.id, now);
  if (!revoked) return revoked.error();
  log::info("consent_rejected", {{"consent_id", std::string_view(c.id)},
                                 {"client_id", std::string_view(c.client_id)},
                                 {"reason", std::string_view(rejection.reason)},
                                 {"actor", actor},
                                 {"grants_revoked", *revoked}});
  return true;
}

// The consent as it stands now: a due expiry is applied (and recorded) first.
Result<ConsentRecord> settle(const Context& ctx, ConsentRecord c, TimePoint now) {
  const auto expiry = fapi::consents::due_expiry(c, ctx.cfg.consents.awaiting_authorisation_lifetime, now);
  if (!expiry) return c;
  auto rejected = end_consent(ctx, c, c.status, *expiry, "ASPSP", now);
  if (!rejected) return rejected.error();
  // Whoever moved it first (another instance expiring it, the customer, the TPP), the stored state is the truth.
  auto found = ctx.deps.consents->find_consent(c.id);
  if (!found) return found.error();
  if (!*found) return storage::store_fault("backoffice: consent " + c.id + " vanished while expiring");
  return std::move(**found);
}

Result<std::optional<ConsentRecord>> load(const Context& ctx, std::string_view id, TimePoint now) {
  auto found = ctx.deps.consents->find_consent(id);
  if (!found || !*found) return found;
  auto settled = settle(ctx, std::move(**found), now);
  if (!settled) return settled.error();
  return std::optional<ConsentRecord>(std::move(*settled));
}

// One page of the search, every consent on it settled. Settling may take a consent out of the search
// (status=AUTHORISED and it just expired), so the search runs again until a page needs no settling;
// the last round's page is answered as settled whatever it then matches.
Result<storage::ConsentPage> search_settled(const Context& ctx, const storage::ConsentSearch& query, TimePoint now) {
  for (int round = 1;; ++round) {
    auto page = ctx.deps.consents->search(query);
    if (!page) return page;
    bool settled_any = false;
    for (auto& c : page->consents) {
      if (!fapi::consents::due_expiry(c, ctx.cfg.consents.awaiting_authorisation_lifetime, now)) continue;
      auto settled = settle(ctx, c, now);
      if (!settled) return settled.error();
      c = std::move(*settled);
      settled_any = true;
    }
    if (!settled_any || round == kSettleRounds) return page;
  }
}

http::Response list(const Call& call) {
  auto staff = authenticate(call, kConsentsRead);
  if (staff.refusal) return std::move(*staff.refusal);
  const auto& client_id = staff.token->client_id;
  auto params = read_query(call.req);
  if (params.error) return fail(call, *params.error, client_id);
  auto query = parse_consent_query(*params.params);
  if (query.error) return fail(call, *query.error, client_id);
  auto page = search_settled(call.ctx, query.value->search, call.now);
  if (!page) return refuse(call, page.error(), client_id);
  auto data = json::array();
  for (const auto& c : page->consents) data.push_back(consent_json(c));
  log::info("backoffice_consents_searched",
            {{"subject", std::string_view(staff.token->subject)}, {"client_id", std::string_view(client_id)},
             {"results", page->consents.size()}, {"request_id", std::string_view(call.req.request_id)}});
  return respond(call, 200,
                 page_envelope(std::move(data), public_url(call.ctx, kConsentsPath), query.value->canonical_query,
                               query.value->page, page->count, call.now));
}

// The consent with its trail, as the detail answers it.
http::Response detail(const Call& call, const ConsentRecord& c, std::string_view client_id, int status) {
  auto history = call.ctx.deps.consents->history(c.id);
  if (!history) return refuse(call, history.error(), client_id);
  auto extensions = call.ctx.deps.consents->extensions(c.id);
  if (!extensions) return refuse(call, extensions.error(), client_id);
  return respond(call, status, envelope(consent_detail_json(c, *history, *extensions), item_url(call, c.id), call.now));
}

http::Response read(const Call& call, const std::optional<std::string>& id) {
  auto staff = authenticate(call, kConsentsRead);
  if (staff.refusal) return std::move(*staff.refusal);
  const auto& client_id = staff.token->client_id;
  if (!id) return fail(call, unknown_consent(), client_id);
  auto consent = load(call.ctx, *id, call.now);
  if (!consent) return refuse(call, consent.error(), client_id);
  if (!*consent) return fail(call, unknown_consent(), client_id);
  log::info("backoffice_consent_read", {{"consent_id", std::string_view(*id)},
                                        {"subject", std::string_view(staff.token->subject)},
                                        {"request_id", std::string_view(call.req.request_id)}});
  return detail(call, **consent, client_id, 200);
}

http::Response revoke(const Call& call, const std::optional<std::string>& id) {
  auto staff = authenticate(call, kConsentsWrite);
  if (staff.refusal) return std::move(*staff.refusal);
  const auto& token = *staff.token;
  if (!call.req.body.empty()) {
    if (auto e = check_json_body(call.req)) return fail(call, *e, token.client_id);
  }
  if (!id) return fail(call, unknown_consent(), token.client_id);
  const auto actor = staff_actor(token.subject);
  for (int attempt = 1; attempt <= kSettleRounds; ++attempt) {
    auto consent = load(call.ctx, *id, call.now);
    if (!consent) return refuse(call, consent.error(), token.client_id);
    if (!*consent) return fail(call, unknown_consent(), token.client_id);
    const auto& c = **consent;
    if (c.status == ConsentStatus::rejected) {
      // An earlier revocation may have ended between its two steps: its grants go now (idempotent).
      if (auto swept = call.ctx.grants().revoke_grants_for_consent(c.id, call.now); swept && *swept > 0)
        log::warn("consent_grants_revoked_late", {{"consent_id", std::string_view(c.id)}, {"grants_revoked", *swept}});
      return fail(call, already_rejected(), token.client_id);
    }
    // The institution acts on its customer's request: the customer ends it (consents API v3, rejectedBy USER).
    const ConsentRejection rejection{
        "USER", c.status == ConsentStatus::authorised ? "CUSTOMER_MANUALLY_REVOKED" : "CUSTOMER_MANUALLY_REJECTED",
        "revoked by the institution at the customer's request"};
    auto done = end_consent(call.ctx, c, c.status, rejection, actor, call.now);
    if (!done) return refuse(call, done.error(), token.client_id);
    if (!*done) continue;  // its status changed meanwhile: look again
    audit(call, token, "consent.revoked",
          {{"consent_id", c.id}, {"tpp_client_id", c.client_id}, {"reason", rejection.reason}});
    log::info("backoffice_consent_revoked", {{"consent_id", std::string_view(c.id)},
                                             {"subject", std::string_view(token.subject)},
                                             {"client_id", std::string_view(token.client_id)},
                                             {"reason", std::string_view(rejection.reason)},
                                             {"request_id", std::string_view(call.req.request_id)}});
    auto now_consent = call.ctx.deps.consents->find_consent(c.id);
    if (!now_consent) return refuse(call, now_consent.error(), token.client_id);
    return detail(call, now_consent->value_or(c), token.client_id, 200);
  }
  return refuse(call, storage::store_fault("backoffice: consent " + *id + " kept changing status"), token.client_id);
}

http::Response collection(const Context& ctx, const http::Request& req) {
  const auto call = make_call(ctx, req, kListRoute);
  if (req.method == http::Method::options) return cors_preflight(ctx, req, "GET");
  return list(call);
}

http::Response item(const Context& ctx, const http::Request& req) {
  auto rest = std::string_view(req.path).substr(kConsentsPath.size() + 1);
  if (boost::algorithm::ends_with(rest, kRevokeSuffix)) {
    const auto call = make_call(ctx, req, kRevokeRoute);
    const auto id = path_id(rest.substr(0, rest.size() - kRevokeSuffix.size()));
    if (req.method == http::Method::options) return cors_preflight(ctx, req, "POST");
    if (req.method != http::Method::post) return method_not_allowed(call, "POST, OPTIONS");
    return revoke(call, id);
  }
  const auto call = make_call(ctx, req, kItemRoute);
  if (req.method == http::Method::options) return cors_preflight(ctx, req, "GET");
  if (req.method == http::Method::post) return method_not_allowed(call, "GET, HEAD, OPTIONS");
  return read(call, path_id(rest));
}

}  // namespace

void add_consents_admin_api(http::Router& router, std::shared_ptr<const Context> ctx) {
  using http::Method;
  const auto tls = http::listeners({http::Listener::tls});
  router.add({std::string(kConsentsPath), {Method::get, Method::options}, tls, http::Execution::worker,
              [ctx](const http::Request& req) { return collection(*ctx, req); }});
  router.add({std::string(kConsentsPath) + "/", {Method::get, Method::post, Method::options}, tls,
              http::Execution::worker, [ctx](const http::Request& req) { return item(*ctx, req); }, true});
}

}  // namespace fapid::nonfapi::backoffice
