#include "nonfapi/endpoint_support.hpp"

#include "http/responses.hpp"
#include "http/rejection_log.hpp"

namespace fapid::nonfapi {

namespace {

bool from_portal(const Context& ctx, const http::Request& req) {
  const auto origin = req.header("origin");
  const auto& portal = ctx.cfg.federation.portal_backoffice_url;
  return origin && !portal.empty() && *origin == portal;
}

}  // namespace

void record_rejection(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id) {
  http::record_oauth_error(ctx.deps.metrics, route, req, e, client_id);
}

http::Response reject(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id) {
  record_rejection(ctx, route, req, e, client_id);
  auto res = http::error(e);
  if (e.status == 401 || e.status == 403) {
    // RFC 6750 §3: the challenge names the error; the description is already sanitized for the body.
    res.set("WWW-Authenticate", "Bearer realm=\"" + ctx.issuer + "\", error=\"" + std::string(to_string(e.code)) + "\"");
  }
  return with_cors(ctx, req, std::move(res));
}

http::Response with_cors(const Context& ctx, const http::Request& req, http::Response res) {
  res.set("Vary", "Origin");
  if (from_portal(ctx, req)) res.set("Access-Control-Allow-Origin", ctx.cfg.federation.portal_backoffice_url);
  return res;
}

http::Response cors_preflight(const Context& ctx, const http::Request& req, std::string_view methods) {
  http::Response res;
  res.status = 204;
  res.set("Cache-Control", "no-store");
  if (from_portal(ctx, req)) {
    res.set("Access-Control-Allow-Methods", std::string(methods));
    res.set("Access-Control-Allow-Headers", "authorization, content-type, x-fapi-interaction-id");
    res.set("Access-Control-Max-Age", "600");
  }
  return with_cors(ctx, req, std::move(res));
}

}  // namespace fapid::nonfapi
