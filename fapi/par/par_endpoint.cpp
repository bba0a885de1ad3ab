#include "fapi/par/par_endpoint.hpp"

#include <nlohmann/json.hpp>

#include "fapi/endpoint_support.hpp"
#include "fapi/holder_of_key.hpp"
#include "fapi/par/pushed_request.hpp"
#include "fapi/par/request_object.hpp"
#include "fapi/profile_policy.hpp"
#include "http/responses.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/par";

// Parameters that authenticate the client rather than describe the request.
bool is_client_auth_parameter(std::string_view name) {
  return name == "client_assertion" || name == "client_assertion_type" || name == "client_secret";
}

// The parameters the request is made of: those inside the signed object when there is one (R5), else
// the form's (allowed only where the profile and client do not require signing, P10).
Result<ParameterMap> request_parameters(const Context& ctx, const http::Params& form,
                                        const oauth::RegisteredClient& client, std::optional<RequestObject>& object) {
  if (form.contains("request_uri")) return OAuthError(ErrorCode::invalid_request, "request_uri is not accepted at PAR");  // P3, A15
  const auto request = form.get("request");
  const bool signing_required =
      client.config->profile == config::Profile::fapi1_advanced || client.config->require_signed_request_object;
  if (!request) {
    if (signing_required) return OAuthError(ErrorCode::invalid_request, "a signed request object is required");  // P10
    ParameterMap params;
    for (const auto& p : form.items())
      if (!is_client_auth_parameter(p.name)) params.emplace(p.name, p.value);
    return params;
  }
  auto read = read_request_object(ctx, client, *request);
  if (!read) return read.error();
  // A14: outer values that contradict the signed ones are an error, not silently overridden.
  for (const auto* name : {"client_id", "redirect_uri"}) {
    const auto outer = form.get(name);
    const auto inner = read->params.find(name);
    if (outer && (inner == read->params.end() || inner->second != *outer))
      return OAuthError(ErrorCode::invalid_request, std::string(name) + " differs from the request object");
  }
  object = std::move(*read);
  return object->params;
}

// P11 / RFC 9449 §10: a DPoP proof at PAR binds the code to its key; a dpop_jkt must name that key.
Result<void> bind_dpop_key(const Context& ctx, const http::Request& req, const oauth::RegisteredClient& client,
                           AuthorizationRequest& request) {
  if (dpop_header_values(req).empty()) return {};
  if (client.config->token_binding != config::TokenBinding::dpop)
    return OAuthError(ErrorCode::invalid_request, "DPoP is not used by this client");
  auto proof = check_dpop_proof(ctx, req, {ctx.par_url, std::nullopt, std::nullopt, false});
  if (!proof) return proof.error();
  if (!request.dpop_jkt.empty() && request.dpop_jkt != proof->jkt)
    return OAuthError(ErrorCode::invalid_dpop_proof, "dpop_jkt does not match the DPoP proof key");
  request.dpop_jkt = proof->jkt;
  return {};
}

Result<http::Response> push(const Context& ctx, const http::Request& req, std::string& client_id) {
  auto form = read_form(req);
  if (!form) return form.error();
  auto client = ctx.authenticator.authenticate(*form, req.peer, req.header("authorization"), ctx.auth_policy(ctx.par_url));
  if (!client) return client.error();
  client_id = (*client)->id();
  std::optional<RequestObject> object;
  auto params = request_parameters(ctx, *form, **client, object);
  if (!params) return params.error();
  auto request = validate_authorization_parameters(*params, **client);
  if (!request) {
    // Inside a signed object a bad parameter makes the object invalid (R8).
    if (object && request.error().code == ErrorCode::invalid_request)
      return OAuthError(ErrorCode::invalid_request_object, request.error().description, request.error().detail);
    return request.error();
  }
  if (auto ok = bind_dpop_key(ctx, req, **client, *request); !ok) return ok.error();
  if (object)
    if (auto ok = remember_request_object(ctx, **client, *object); !ok) return ok.error();

  // K6, P4: 256 random bits; the store keeps only the hash, bound to the client inside the record (P6).
  const auto handle = ctx.random().token(32);
  const auto lifetime = ctx.cfg.fapi.par_lifetime;
  if (auto ok = ctx.ttl().put(storage::TtlKind::par_request, storage::hash_token(handle), request->to_json(), lifetime); !ok)
    return ok.error();
  nlohmann::ordered_json body{{"request_uri", std::string(kRequestUriPrefix) + handle}, {"expires_in", lifetime.count()}};
  auto response = http::json(201, body.dump(), http::Cache::no_store);
  // RFC 9449 §8: a nonce handed out early spares DPoP clients a use_dpop_nonce round trip at the token endpoint.
  if ((*client)->config->token_binding == config::TokenBinding::dpop) response = with_dpop_nonce(ctx, std::move(response));
  return response;
}

}  // namespace

http::Response handle_par(const Context& ctx, const http::Request& req) {
  std::string client_id;
  auto r = push(ctx, req, client_id);
  if (!r) return reject(ctx, kRoute, req, r.error(), client_id);
  return *r;
}

}  // namespace fapid::fapi
