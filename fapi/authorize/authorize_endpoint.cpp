#include "fapi/authorize/authorize_endpoint.hpp"

#include "fapi/authorize/interaction.hpp"
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
  // P7: the request URI stays usable until an interaction completes, so a reload starts afresh.
  auto interaction = begin_interaction(ctx, {*request, uri_hash});
  if (!interaction) return interaction.error();
  http::Response r;
  r.status = 303;
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

http::Response handle_interaction_page(const Context& ctx, const http::Request& req) {
  auto params = http::parse_query(req.query, {});
  const auto id = params ? params->get("id") : std::nullopt;
  if (!id) return error_page(ctx, req, {ErrorCode::invalid_request, "the sign-in link is incomplete"});
  auto interaction = find_interaction(ctx, *id);
  if (!interaction) return error_page(ctx, req, interaction.error());
  if (!*interaction) return error_page(ctx, req, {ErrorCode::invalid_request, "This sign-in has expired or was already completed."});
  // The customer login and consent pages arrive with the consents feature (issue 5).
  return http::html_page(503, "Sign-in unavailable",
                         "Customer sign-in is not enabled on this server yet. Please return to the application you came from.");
}

}  // namespace fapid::fapi
