#include "fapi/consents/consents_api.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <nlohmann/json.hpp>

#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/consents/consent_request.hpp"
#include "fapi/consents/consent_views.hpp"
#include "fapi/resource_access.hpp"
#include "log/logger.hpp"
#include "oauth/scope.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

using storage::ConsentStatus;

constexpr std::string_view kRoute = "/open-banking/consents/v3/consents";
constexpr std::size_t kMaxIdempotencyKey = 40;  // the API's maxLength for x-idempotency-key
constexpr std::size_t kMaxHeaderValue = 256;    // customer IP and user agent kept in an extension record

ApiError api_error(int status, std::string code, std::string title, std::string detail = {}) {
  return {status, std::move(code), std::move(title), std::move(detail)};
}

template <class T>
struct Outcome {  // a value, or the error the API answers with
  std::optional<T> value;
  std::optional<ApiError> error;
  Outcome(T v) : value(std::move(v)) {}                // NOLINT: implicit by design, like Result
  Outcome(ApiError e) : error(std::move(e)) {}          // NOLINT
};

ApiError from_oauth(const OAuthError& e) {
  if (e.code == ErrorCode::temporarily_unavailable)
    return api_error(503, "TEMPORARIAMENTE_INDISPONIVEL", "Service unavailable", "please retry later");
  if (e.status == 401 || e.code == ErrorCode::invalid_dpop_proof || e.code == ErrorCode::use_dpop_nonce)
    return api_error(401, "UNAUTHORIZED", "Unauthorized", e.description);
  return api_error(500, "ERRO_INTERNO", "Internal error", "the request could not be processed");
}

// RFC 4122 textual form, as the API's pattern requires.
bool is_uuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? v[i] != '-' : !std::isxdigit(static_cast<unsigned char>(v[i]))) return false;
  }
  return true;
}

std::string new_uuid(const Context& ctx) {
  const auto hex = storage::hash_token(ctx.random().token(16));  // 64 hex digits of fresh randomness
  std::string u = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-4" + hex.substr(13, 3) + "-";
  u += "89ab"[hex[16] % 4];
  u += hex.substr(17, 3) + "-" + hex.substr(20, 12);
  return u;
}

struct Call {
  const Context& ctx;
  const http::Request& req;
  std::string interaction_id;
  storage::TimePoint now;
};

http::Response respond(const Call& call, int status, std::string body) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  if (!r.body.empty()) r.set("content-type", "application/json; charset=utf-8");
  r.set("cache-control", "no-store");
  r.set("x-fapi-interaction-id", call.interaction_id);
  return r;
}

http::Response fail(const Call& call, const ApiError& e, std::string_view client_id = {}) {
  if (call.ctx.deps.metrics) call.ctx.deps.metrics->oauth_error(kRoute, e.code);
  log::write(e.status >= 500 ? log::Level::error : log::Level::info, "consents_api_error",
             {{"route", kRoute}, {"code", std::string_view(e.code)}, {"status", e.status},
              {"detail", std::string_view(e.detail)}, {"client_id", client_id},
              {"request_id", std::string_view(call.req.request_id)}});
  auto r = respond(call, e.status, errors_document(e, call.now));
  if (e.status == 401) r.set("www-authenticate", "Bearer error=\"invalid_token\"");
  return r;
}

// A client-credentials token of the TPP with scope `consents`, over its certificate (SPEC consents API).
Outcome<storage::AccessTokenView> tpp_token(const Call& call, const std::string& url) {
  auto token = authenticate_access_token(call.ctx, call.req, url);
  if (!token) return from_oauth(token.error());
  if (!token->grant.subject.empty() || !oauth::scope_contains(token->token.scope, "consents"))
    return api_error(403, "FORBIDDEN", "Forbidden", "a client-credentials token with scope consents is required");
  return std::move(*token);
}

Outcome<storage::ConsentRecord> own_consent(const Call& call, std::string_view id, std::string_view client_id) {
  if (!is_consent_urn(id)) return api_error(404, "NOT_FOUND", "Consent not found");
  auto consent = load_consent(call.ctx, id);
  if (!consent) return from_oauth(consent.error());
  if (!*consent) return api_error(404, "NOT_FOUND", "Consent not found");
  // A consent is its creator's: another TPP learns nothing about it, not even its status.
  if ((*consent)->client_id != client_id) return api_error(403, "FORBIDDEN", "Forbidden", "the consent belongs to another client");
  return std::move(**consent);
}

std::optional<ApiError> check_json_request(const http::Request& req) {
  const auto type = req.header("content-type").value_or("");
  if (!boost::algorithm::istarts_with(type, "application/json"))
    return api_error(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "the body must be application/json");
  return std::nullopt;
}

std::optional<ApiError> check_accept(const http::Request& req) {
  const auto accept = req.header("accept");
  if (!accept || accept->find("application/json") != std::string_view::npos || accept->find("*/*") != std::string_view::npos ||
      accept->find("application/*") != std::string_view::npos)
    return std::nullopt;
  return api_error(406, "NOT_ACCEPTABLE", "Not acceptable", "this API answers application/json");
}

ApiError from_validation(const consents::ConsentRequestError& e) { return api_error(e.status, e.code, e.title, e.detail); }

http::Response create(const Call& call) {
  if (auto e = check_json_request(call.req)) return fail(call, *e);
  auto token = tpp_token(call, call.ctx.consents_url);
  if (token.error) return fail(call, *token.error);
  const auto& client_id = token.value->token.client_id;
  std::optional<storage::IdempotencyKey> key;
  if (const auto k = call.req.header("x-idempotency-key")) {
    if (k->empty() || k->size() > kMaxIdempotencyKey || k->front() == ' ' || k->back() == ' ')
      return fail(call, api_error(400, "PARAMETRO_INVALIDO", "Invalid parameter", "x-idempotency-key is malformed"), client_id);
    key = storage::IdempotencyKey{client_id, std::string(*k), storage::hash_token(call.req.body), {},
                                  call.now + call.ctx.cfg.consents.idempotency_key_lifetime};
  }
  auto parsed = consents::parse_consent_request(call.req.body, call.now);
  if (parsed.error) return fail(call, from_validation(*parsed.error), client_id);
  storage::ConsentRecord consent;
  consent.id = "urn:" + call.ctx.cfg.consents.urn_namespace + ":" + new_uuid(call.ctx);
  consent.client_id = client_id;
  consent.status = ConsentStatus::awaiting_authorisation;
  consent.logged_user_document = parsed.value->logged_user_cpf;
  consent.business_entity_document = parsed.value->business_entity_cnpj;
  consent.permissions = parsed.value->permissions;
  consent.created_at = consent.status_updated_at = std::chrono::time_point_cast<std::chrono::seconds>(call.now);
  consent.expires_at = parsed.value->expiration;
  auto body = consent_document(consent, call.ctx.consents_url + "/" + consent.id, call.now);
  if (key) key->response_body = body;
  auto created = call.ctx.consents().create_consent(consent, key);
  if (!created) return fail(call, from_oauth(created.error()), client_id);
  switch (created->outcome) {
    case storage::CreateConsentOutcome::replayed:
      return respond(call, 201, created->response_body);
    case storage::CreateConsentOutcome::key_reused_with_another_body:
      return fail(call, api_error(422, "ERRO_IDEMPOTENCIA", "Idempotency key reused",
                                  "this x-idempotency-key was used with another request body"), client_id);
    case storage::CreateConsentOutcome::created:
      break;
  }
  (void)call.ctx.deps.audit->append({call.now, "consent.created", client_id, "", nlohmann::json{{"consent_id", consent.id}}.dump()});
  log::info("consent_created", {{"consent_id", consent.id}, {"client_id", client_id}});
  return respond(call, 201, std::move(body));
}

http::Response read(const Call& call, std::string_view id) {
  auto token = tpp_token(call, call.ctx.consents_url + "/" + std::string(id));
  if (token.error) return fail(call, *token.error);
  auto consent = own_consent(call, id, token.value->token.client_id);
  if (consent.error) return fail(call, *consent.error, token.value->token.client_id);
  return respond(call, 200, consent_document(*consent.value, call.ctx.consents_url + "/" + consent.value->id, call.now));
}

http::Response revoke(const Call& call, std::string_view id) {
  auto token = tpp_token(call, call.ctx.consents_url + "/" + std::string(id));
  if (token.error) return fail(call, *token.error);
  const auto& client_id = token.value->token.client_id;
  auto consent = own_consent(call, id, client_id);
  if (consent.error) return fail(call, *consent.error, client_id);
  const auto rejected = api_error(422, "CONSENTIMENTO_EM_STATUS_REJEITADO", "Consent already rejected",
                                  "the consent is already in status REJECTED");
  const auto status = consent.value->status;
  if (status == ConsentStatus::rejected) return fail(call, rejected, client_id);
  // The TPP revokes on its customer's behalf (consents API v3: rejectedBy USER).
  const storage::ConsentRejection rejection{
      "USER", status == ConsentStatus::authorised ? "CUSTOMER_MANUALLY_REVOKED" : "CUSTOMER_MANUALLY_REJECTED",
      "revoked by the TPP at the customer's request"};
  auto done = reject_consent(call.ctx, *consent.value, status, rejection, "TPP:" + client_id);
  if (!done) return fail(call, from_oauth(done.error()), client_id);
  if (!*done) return fail(call, rejected, client_id);  // someone else ended it first
  return respond(call, 204, {});
}

http::Response extend(const Call& call, std::string_view id) {
  if (auto e = check_json_request(call.req)) return fail(call, *e);
  const auto url = call.ctx.consents_url + "/" + std::string(id) + "/extends";
  auto token = authenticate_access_token(call.ctx, call.req, url);
  if (!token) return fail(call, from_oauth(token.error()));
  const auto& client_id = token->token.client_id;
  // Extending needs the customer: a token from the authorization of this very consent.
  if (token->grant.subject.empty() || token->grant.consent_id != id)
    return fail(call, api_error(403, "FORBIDDEN", "Forbidden", "a token of this consent's authorization is required"), client_id);
  auto consent = own_consent(call, id, client_id);
  if (consent.error) return fail(call, *consent.error, client_id);
  if (consent.value->status != ConsentStatus::authorised)
    return fail(call, api_error(422, "ESTADO_CONSENTIMENTO_INVALIDO", "Invalid consent status",
                                "only an AUTHORISED consent can be extended"), client_id);
  const auto ip = call.req.header("x-fapi-customer-ip-address");
  const auto agent = call.req.header("x-customer-user-agent");
  if (!ip || !agent || ip->empty() || agent->empty() || ip->size() > kMaxHeaderValue || agent->size() > kMaxHeaderValue)
    return fail(call, api_error(400, "PARAMETRO_NAO_INFORMADO", "Missing parameter",
                                "x-fapi-customer-ip-address and x-customer-user-agent are required"), client_id);
  auto parsed = consents::parse_extension_request(call.req.body, call.now, consent.value->expires_at);
  if (parsed.error) return fail(call, from_validation(*parsed.error), client_id);
  if (parsed.value->logged_user_cpf != consent.value->logged_user_document ||
      parsed.value->business_entity_cnpj != consent.value->business_entity_document)
    return fail(call, api_error(403, "FORBIDDEN", "Forbidden", "the customer is not the consent's"), client_id);
  storage::ConsentExtension extension{consent.value->id,          parsed.value->expiration, consent.value->expires_at,
                                      parsed.value->logged_user_cpf, call.now,              std::string(*ip),
                                      std::string(*agent)};
  // RT3: the grants first. Should the consent's extension then fail, a grant outliving its consent is
  // harmless: tokens are issued only while the consent is AUTHORISED, and it still expires on its date.
  auto as_extended = *consent.value;
  as_extended.expires_at = extension.expires_at;
  auto grants = call.ctx.grants().extend_grants_for_consent(as_extended.id, consent_tokens_until(as_extended, call.now), call.now);
  if (!grants) return fail(call, from_oauth(grants.error()), client_id);
  auto extended = call.ctx.consents().extend(extension);
  if (!extended) return fail(call, from_oauth(extended.error()), client_id);
  if (!*extended)
    return fail(call, api_error(422, "ESTADO_CONSENTIMENTO_INVALIDO", "Invalid consent status",
                                "only an AUTHORISED consent can be extended"), client_id);
  auto now_consent = load_consent(call.ctx, id);
  if (!now_consent || !*now_consent) return fail(call, from_oauth(now_consent ? OAuthError() : now_consent.error()), client_id);
  log::info("consent_extended", {{"consent_id", consent.value->id}, {"client_id", client_id}});
  return respond(call, 201, consent_document(**now_consent, call.ctx.consents_url + "/" + consent.value->id, call.now));
}

http::Response list_extensions(const Call& call, std::string_view id) {
  const auto url = call.ctx.consents_url + "/" + std::string(id) + "/extensions";
  auto token = tpp_token(call, url);
  if (token.error) return fail(call, *token.error);
  auto consent = own_consent(call, id, token.value->token.client_id);
  if (consent.error) return fail(call, *consent.error, token.value->token.client_id);
  auto extensions = call.ctx.consents().extensions(consent.value->id);
  if (!extensions) return fail(call, from_oauth(extensions.error()), token.value->token.client_id);
  return respond(call, 200, extensions_document(*extensions, url, call.now));
}

// Every call: the interaction id is echoed, or made up and the call refused when it is missing or malformed.
http::Response dispatch(const Context& ctx, const http::Request& req) {
  Call call{ctx, req, std::string(req.header("x-fapi-interaction-id").value_or("")), ctx.clock().now()};
  if (!is_uuid(call.interaction_id)) {
    call.interaction_id = new_uuid(ctx);
    return fail(call, api_error(400, "PARAMETRO_INVALIDO", "Invalid parameter", "x-fapi-interaction-id must be a UUID"));
  }
  if (auto e = check_accept(req)) return fail(call, *e);
  const std::string_view path = req.path;
  if (path == kConsentsPath) return create(call);
  auto rest = path.substr(kConsentsPath.size() + 1);
  for (std::string_view sub : {"/extends", "/extensions"}) {
    if (!boost::algorithm::ends_with(rest, sub)) continue;
    const auto id = rest.substr(0, rest.size() - sub.size());
    if (sub == "/extends" && req.method == http::Method::post) return extend(call, id);
    if (sub == "/extensions" && (req.method == http::Method::get || req.method == http::Method::head))
      return list_extensions(call, id);
    return fail(call, api_error(405, "METODO_NAO_PERMITIDO", "Method not allowed"));
  }
  if (req.method == http::Method::del) return revoke(call, rest);
  if (req.method == http::Method::get || req.method == http::Method::head) return read(call, rest);
  return fail(call, api_error(405, "METODO_NAO_PERMITIDO", "Method not allowed"));
}

}  // namespace

void add_consents_api(http::Router& router, std::shared_ptr<const Context> ctx) {
  const auto handler = [ctx](const http::Request& req) { return dispatch(*ctx, req); };
  router.add({std::string(kConsentsPath), {http::Method::post}, http::listeners({http::Listener::mtls}),
              http::Execution::worker, handler});
  router.add({std::string(kConsentsPath) + "/", {http::Method::get, http::Method::del, http::Method::post},
              http::listeners({http::Listener::mtls}), http::Execution::worker, handler, true});
}

}  // namespace fapid::fapi
