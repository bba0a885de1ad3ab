#include "fapi/authorize/interaction.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "fapi/authorize/authorization_response.hpp"
#include "fapi/code_record.hpp"
#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/endpoint_support.hpp"
#include "fapi/profile_policy.hpp"
#include "http/html.hpp"
#include "jose/jwe.hpp"
#include "log/logger.hpp"
#include "oauth/token_minter.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/interaction";
constexpr std::string_view kDoneMarker = "done:";

http::Response error_page(const Context& ctx, const http::Request& req, const OAuthError& e) {
  record_rejection(ctx, kRoute, req, e);
  if (e.status >= 500)
    return http::html_page(e.status, "Service unavailable", "Please try again in a moment.", to_string(e.code));
  return http::html_page(400, "This sign-in cannot continue", e.description, to_string(e.code));
}

// I3, I7: the hybrid flow's front-channel ID token, a detached signature over the code and state, encrypted
// to the client when it has an encryption key (Open Finance Brasil). PII is only put in an encrypted one (A15).
Result<std::string> front_channel_id_token(const Context& ctx, const oauth::RegisteredClient& client,
                                           const CodeRecord& code_record, const std::string& code) {
  const auto& request = code_record.request;
  const bool encrypt = jose::has_encryption_key(client.keys);
  auto claims = nlohmann::json::parse(code_record.claims.id_token, nullptr, false);
  if (!encrypt) {
    auto requested = nlohmann::json::parse(request.claims_json.empty() ? "{}" : request.claims_json, nullptr, false);
    for (const char* pii : {"cpf", "cnpj"}) {
      if (!claims.contains(pii)) continue;
      const auto section = requested.is_object() ? requested.find("id_token") : requested.end();
      const bool essential = section != requested.end() && section->is_object() && section->contains(pii) &&
                             is_essential((*section)[pii]);
      if (essential)
        return OAuthError(ErrorCode::access_denied, "essential personal data needs an encrypted ID token", pii);
      claims.erase(pii);
    }
  }
  oauth::IdTokenSpec spec;
  spec.issuer = ctx.issuer;
  spec.subject = code_record.user.subject;
  spec.audience = client.id();
  spec.nonce = request.nonce;
  spec.claims_json = claims.dump();
  spec.c_hash = oauth::half_hash(code);
  if (!request.state.empty()) spec.s_hash = oauth::half_hash(request.state);
  spec.now = ctx.clock().now();
  spec.lifetime = ctx.cfg.fapi.access_token_lifetime;
  auto signed_token = oauth::mint_id_token(ctx.keys(), policy_for(client.config->profile).algs().front(), spec);
  if (!signed_token || !encrypt) return signed_token;
  return jose::encrypt_jwe(client.keys, *signed_token, "JWT");
}

Result<http::Response> issue_code(const Context& ctx, const Interaction& interaction, const UserAuthentication& user) {
  const auto& request = interaction.request;
  const auto* client = ctx.deps.clients->find(request.client_id);
  if (!client) return OAuthError(ErrorCode::server_error, "client no longer registered", request.client_id);
  auto claims = grant_claims(request, user);
  if (!claims) return authorization_error_redirect(ctx, request, claims.error());
  const CodeRecord record{request, user, *claims};
  const auto code = ctx.random().token(32);  // K6
  http::ParamList params{{"code", code}};
  if (request.response_type == "code id_token") {
    auto id_token = front_channel_id_token(ctx, *client, record, code);
    if (!id_token) {
      if (id_token.error().code == ErrorCode::access_denied) return authorization_error_redirect(ctx, request, id_token.error());
      return id_token.error();
    }
    params.emplace_back("id_token", *id_token);
  }
  if (auto ok = ctx.ttl().put(storage::TtlKind::authorization_code, storage::hash_token(code), record.to_json(),
                              ctx.cfg.fapi.code_lifetime);
      !ok)
    return ok.error();
  return authorization_redirect(ctx, request, std::move(params));
}

// A13: only the consent's own customer (and, for a business consent, someone who may act for that
// company) can decide on it.
bool is_consent_customer(const storage::ConsentRecord& consent, const UserAuthentication& user) {
  if (user.cpf.empty() || user.cpf != consent.logged_user_document) return false;
  if (consent.business_entity_document.empty()) return true;
  return std::find(user.cnpj.begin(), user.cnpj.end(), consent.business_entity_document) != user.cnpj.end();
}

Result<http::Response> decide_consent(const Context& ctx, const Interaction& interaction, const std::string& consent_id,
                                      const std::optional<UserAuthentication>& user) {
  const auto& request = interaction.request;
  auto consent = load_consent(ctx, consent_id);
  if (!consent) return consent.error();
  const auto denied = [&](std::string why) {
    return authorization_error_redirect(ctx, request, {ErrorCode::access_denied, std::move(why)});
  };
  if (!*consent || (*consent)->client_id != request.client_id ||
      (*consent)->status != storage::ConsentStatus::awaiting_authorisation)
    return denied("the consent is no longer awaiting authorisation");
  if (user && !is_consent_customer(**consent, *user)) {
    log::warn("consent_customer_mismatch", {{"consent_id", consent_id}, {"client_id", std::string_view(request.client_id)}});
    return denied("the consent was requested for another customer");
  }
  const auto now = ctx.clock().now();
  if (!user) {
    auto rejected = reject_consent(ctx, **consent, storage::ConsentStatus::awaiting_authorisation,
                                   {"USER", "CUSTOMER_MANUALLY_REJECTED", "the customer rejected the consent"}, "USER");
    if (!rejected) return rejected.error();
    return denied("the customer rejected the consent");  // A7, A13
  }
  auto authorised = ctx.consents().transition(consent_id, storage::ConsentStatus::awaiting_authorisation,
                                              storage::ConsentStatus::authorised, "USER:" + user->subject, user->subject,
                                              std::nullopt, now);
  if (!authorised) return authorised.error();
  if (!*authorised) return denied("the consent is no longer awaiting authorisation");
  log::info("consent_authorised", {{"consent_id", consent_id}, {"client_id", std::string_view(request.client_id)}});
  auto issued = issue_code(ctx, interaction, *user);
  if (issued) return issued;
  // No code left the server: the consent must not stay AUTHORISED without a grant the TPP can ever get.
  auto ended = reject_consent(ctx, **consent, storage::ConsentStatus::authorised,
                              {"ASPSP", "CONSENT_TECHNICAL_ISSUE", "the authorization could not be completed"}, "ASPSP");
  if (!ended) log::error("consent_not_rolled_back", {{"consent_id", consent_id}, {"reason", std::string_view(ended.error().detail)}});
  return issued;
}

Result<http::Response> complete(const Context& ctx, std::string_view id, const std::optional<UserAuthentication>& user) {
  auto stored = ctx.ttl().consume(storage::TtlKind::interaction, storage::hash_token(id));
  if (!stored) return stored.error();
  if (!*stored) return OAuthError(ErrorCode::invalid_request, "This sign-in has expired or was already completed.");
  auto interaction = Interaction::from_json(**stored);
  if (!interaction) return OAuthError(ErrorCode::server_error, "unreadable interaction record");
  // P7: the request URI is used up now, once, whichever reload of the page completes first.
  auto first = ctx.ttl().put_if_absent(storage::TtlKind::par_request,
                                       std::string(kDoneMarker) + interaction->request_uri_hash, "1",
                                       ctx.cfg.fapi.interaction_lifetime);
  if (!first) return first.error();
  if (!*first) return OAuthError(ErrorCode::invalid_request_uri, "This authorization request was already completed.");
  if (auto erased = ctx.ttl().erase(storage::TtlKind::par_request, interaction->request_uri_hash); !erased)
    return erased.error();
  const auto consent_id = consent_id_in_scope(interaction->request.scope);
  if (consent_id.empty()) {
    if (!user)
      return authorization_error_redirect(ctx, interaction->request,
                                          {ErrorCode::access_denied, "the customer did not approve the request"});  // A7
    return issue_code(ctx, *interaction, *user);
  }
  return decide_consent(ctx, *interaction, consent_id, user);
}

}  // namespace

std::string Interaction::to_json() const {
  nlohmann::json j{{"request", request.to_json()}, {"request_uri_hash", request_uri_hash},
                   {"browser_hash", browser_hash}, {"csrf", csrf}, {"user_name", user_name}};
  if (user) j["user"] = user->to_json();
  return j.dump();
}

std::optional<Interaction> Interaction::from_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("request") || !j["request"].is_string() ||
      !j.contains("request_uri_hash") || !j["request_uri_hash"].is_string())
    return std::nullopt;
  auto request = AuthorizationRequest::from_json(j["request"].get<std::string>());
  if (!request) return std::nullopt;
  Interaction i{std::move(*request), j["request_uri_hash"].get<std::string>(), {}, {}, std::nullopt, {}};
  const auto string_member = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  i.browser_hash = string_member("browser_hash");
  i.csrf = string_member("csrf");
  i.user_name = string_member("user_name");
  if (const auto user = string_member("user"); !user.empty()) {
    i.user = UserAuthentication::from_json(user);
    if (!i.user) return std::nullopt;
  }
  return i;
}

Result<void> update_interaction(const Context& ctx, std::string_view id, const Interaction& interaction) {
  return ctx.ttl().put(storage::TtlKind::interaction, storage::hash_token(id), interaction.to_json(),
                       ctx.cfg.fapi.interaction_lifetime);
}

Result<std::string> begin_interaction(const Context& ctx, const Interaction& interaction) {
  auto id = ctx.random().token(32);
  if (auto ok = ctx.ttl().put(storage::TtlKind::interaction, storage::hash_token(id), interaction.to_json(),
                              ctx.cfg.fapi.interaction_lifetime);
      !ok)
    return ok.error();
  return id;
}

Result<std::optional<Interaction>> find_interaction(const Context& ctx, std::string_view id) {
  auto stored = ctx.ttl().get(storage::TtlKind::interaction, storage::hash_token(id));
  if (!stored) return stored.error();
  if (!*stored) return std::optional<Interaction>{};
  return Interaction::from_json(**stored);
}

http::Response complete_interaction(const Context& ctx, const http::Request& req, std::string_view id,
                                    const std::optional<UserAuthentication>& user) {
  auto r = complete(ctx, id, user);
  if (!r) return error_page(ctx, req, r.error());
  if (user) log::info("authorization_approved", {{"request_id", std::string_view(req.request_id)}});
  return *r;
}

}  // namespace fapid::fapi
