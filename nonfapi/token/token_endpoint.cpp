#include "nonfapi/token/token_endpoint.hpp"

#include <algorithm>

#include "nonfapi/endpoint_support.hpp"
#include "nonfapi/token/staff_grants.hpp"

namespace fapid::nonfapi {

namespace {

constexpr std::string_view kRoute = "/auth-nonfapi/token";

bool allows(const oauth::RegisteredClient& client, std::string_view grant_type) {
  const auto& types = client.config->grant_types;
  return std::find(types.begin(), types.end(), grant_type) != types.end();
}

}  // namespace

http::Response handle_token(const Context& ctx, const http::Request& req) {
  auto form = http::read_form_post(req);
  if (!form) return reject(ctx, kRoute, req, form.error());
  auto client = ctx.authenticator.authenticate(*form, req.peer, req.header("authorization"), ctx.auth_policy);
  if (!client) return reject(ctx, kRoute, req, client.error(), form->get("client_id").value_or(""));
  const auto grant_type = form->get("grant_type").value_or("");
  Result<http::Response> res = OAuthError(ErrorCode::unsupported_grant_type, "grant_type is not supported");
  if (grant_type == "authorization_code" || grant_type == "refresh_token") {
    if (!allows(**client, grant_type))
      res = OAuthError(ErrorCode::unauthorized_client, "the client may not use this grant_type");
    else if (grant_type == "authorization_code")
      res = staff_code_grant(ctx, **client, *form);
    else
      res = staff_refresh_grant(ctx, **client, *form);
  }
  if (!res) return reject(ctx, kRoute, req, res.error(), (*client)->id());
  return with_cors(ctx, req, std::move(*res));
}

}  // namespace fapid::nonfapi
