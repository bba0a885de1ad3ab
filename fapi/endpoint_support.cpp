#include "fapi/endpoint_support.hpp"

#include "fapi/holder_of_key.hpp"
#include "http/responses.hpp"
#include "log/logger.hpp"

namespace fapid::fapi {

Result<http::Params> read_form(const http::Request& req) {
  if (req.method != http::Method::post) return OAuthError(ErrorCode::invalid_request, "POST is required");  // P1
  const auto type = req.header("content-type");
  if (!type || !http::is_form_content_type(*type))
    return OAuthError(ErrorCode::invalid_request, "the body must be application/x-www-form-urlencoded");
  return http::parse_form(req.body, {});
}

void record_rejection(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id) {
  const auto code = to_string(e.code);
  if (ctx.deps.metrics) ctx.deps.metrics->oauth_error(route, code);
  const auto level = e.status >= 500 ? log::Level::error : log::Level::info;
  log::write(level, "oauth_error",
             {{"route", route}, {"error", code}, {"status", e.status}, {"detail", std::string_view(e.detail)},
              {"client_id", client_id}, {"request_id", std::string_view(req.request_id)}});
}

http::Response reject(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id) {
  record_rejection(ctx, route, req, e, client_id);
  auto r = http::error(e);
  if (e.code == ErrorCode::use_dpop_nonce) r = with_dpop_nonce(ctx, std::move(r));
  return r;
}

}  // namespace fapid::fapi
