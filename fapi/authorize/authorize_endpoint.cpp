#include "fapi/authorize/authorize_endpoint.hpp"

#include "fapi/authorize/authorization_response.hpp"
#include "fapi/authorize/browser_binding.hpp"
#include "fapi/authorize/interaction.hpp"
#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/endpoint_support.hpp"
#include "fapi/par/par_endpoint.hpp"
#include "http/html.hpp"
#include "http/url_builder.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/authorize";

// Before the redirect URI is trusted, errors are shown to the browser, never redirected (A4, A18).
http::Response error_page(const Context& ctx, const http::Request& req, const OAuthError& e, std::string_view client_id = {}) {
  record_rejection(ctx, kRoute, req, e, client_id);
  if (e.status >= 500)
    return http::html_page(e.status, "Service unavailable", "Please try again in a moment.", to_string(e.code));
  return http::html_page(400, "This authorization request cannot be processed", e.description, to_string(e.code));
}

Result<http::Params> read_parameters(const http::Request& req) {
  if (req.method == http::Method::post) return read_form(req);
  return http::parse_query(req.query, {});
}

Result<http::Response> authorize(const Context& ctx, const http::Request& req, std::string& client_id) {
  auto params = read_parameters(req);
  if (!params) return params.error();
  const auto id = params->get("client_id");
  if (!id) return OAuthError(ErrorCode::invalid_request, "client_id is required");
  client_id = *id;
  const auto* client = ctx.deps.clients->find(*id);
  if (!client || client->config->profile == config::Profile::none)
    return OAuthError(ErrorCode::invalid_request, "unknown client");
  // A1, A16: only pushed requests; every other parameter is ignored (the pushed ones are authoritative).
  const auto uri = params->get("request_uri");
  if (!uri) return OAuthError(ErrorCode::invalid_request, "request_uri is required (pushed authorization requests only)");
  if (uri->substr(0, kRequestUriPrefix.size()) != kRequestUriPrefix)
    return OAuthError(ErrorCode::invalid_request_uri, "request_uri is not one this server issued");
  const auto uri_hash = storage::hash_token(uri->substr(kRequestUriPrefix.size()));
  auto stored = ctx.ttl().get(storage::TtlKind::par_request, uri_hash);
  if (!stored) return stored.error();
  // A17: expired, used up, or never issued: all the same to the browser.
  if (!*stored) return OAuthError(ErrorCode::invalid_request_uri, "request_uri is unknown, expired or already used");
  auto request = AuthorizationRequest::from_json(**stored);
  if (!request) return OAuthError(ErrorCode::server_error, "unreadable pushed request");
  if (request->client_id != *id) return OAuthError(ErrorCode::invalid_request_uri, "request_uri belongs to another client");  // P6
  // A12: a consent-bound request needs that client's consent, still awaiting the customer. The redirect
  // URI is trusted now, so the client hears about it (with state and iss).
  if (const auto consent_id = consent_id_in_scope(request->scope); !consent_id.empty()) {
    auto consent = load_consent(ctx, consent_id);
    if (!consent) return consent.error();
    if (!*consent || (*consent)->client_id != request->client_id)
      return authorization_error_redirect(ctx, *request, {ErrorCode::invalid_request, "the consent is unknown"});
    if ((*consent)->status != storage::ConsentStatus::awaiting_authorisation)
      return authorization_error_redirect(ctx, *request,
                                          {ErrorCode::access_denied, "the consent is not awaiting authorisation"});
  }
  // P7: the request URI stays usable until an interaction completes, so a reload starts afresh.
  // A21: the pages that follow accept forms only from this browser (a cookie) and this page (a token).
  auto browser = browser_binding(ctx, req);
  auto interaction = begin_interaction(ctx, {*request, uri_hash, storage::hash_token(browser.value), ctx.random().token(32),
                                             std::nullopt, {}});
  if (!interaction) return interaction.error();
  http::Response r;
  r.status = 303;
  if (browser.is_new) r.set("set-cookie", browser_cookie(browser.value));
  r.set("location", http::append_params(ctx.issuer + std::string(kInteractionPath), http::UrlPart::query, {{"id", *interaction}}));
  r.set("cache-control", "no-store");
  r.set("referrer-policy", "no-referrer");
  return r;
}

}  // namespace

http::Response handle_authorize(const Context& ctx, const http::Request& req) {
  std::string client_id;
  auto r = authorize(ctx, req, client_id);
  if (!r) return error_page(ctx, req, r.error(), client_id);
  return *r;
}

}  // namespace fapid::fapi
