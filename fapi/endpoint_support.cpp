#include "fapi/endpoint_support.hpp"

#include "fapi/holder_of_key.hpp"
#include "http/responses.hpp"
#include "http/rejection_log.hpp"

namespace fapid::fapi {

Result<http::Params> read_form(const http::Request& req) { return http::read_form_post(req); }  // P1

void record_rejection(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id) {
  http::record_oauth_error(ctx.deps.metrics, route, req, e, client_id);
}

http::Response reject(const Context& ctx, std::string_view route, const http::Request& req, const OAuthError& e,
                      std::string_view client_id) {
  record_rejection(ctx, route, req, e, client_id);
  auto r = http::error(e);
  if (e.code == ErrorCode::use_dpop_nonce) r = with_dpop_nonce(ctx, std::move(r));
  return r;
}

}  // namespace fapid::fapi
