#include "fapi/authorize/customer_pages.hpp"

#include <nlohmann/json.hpp>

#include "fapi/authorize/browser_binding.hpp"
#include "fapi/authorize/customer_login.hpp"
#include "fapi/authorize/interaction.hpp"
#include "fapi/consents/consent_lifecycle.hpp"
#include "fapi/consents/consent_request.hpp"
#include "fapi/endpoint_support.hpp"
#include "http/responses.hpp"
#include "http/url_builder.hpp"
#include "log/logger.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/interaction";

// A16, A21: no framing, no caching, nothing but our own stylesheet (no scripts at all). form-action is
// left out on purpose: Chromium applies it to the redirect that follows a form post, and the decision
// form's answer is a redirect to the client. The referrer stays on our origin: under no-referrer
// Chromium sends `Origin: null` with the forms, which is_same_browser_post rightly refuses.
http::Response page(int status, std::string html) {
  auto r = http::text(status, std::move(html), "text/html; charset=utf-8", http::Cache::no_store);
  r.set("content-security-policy", "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  r.set("x-frame-options", "DENY");
  r.set("referrer-policy", "same-origin");
  return r;
}

std::string locale_for(const Context& ctx, const http::Request& req, const AuthorizationRequest* request) {
  const auto& pages = *ctx.deps.pages;
  return pages::choose_locale(request ? request->ui_locales : "", req.header("accept-language").value_or(""),
                              pages.locales(), pages.default_locale());
}

std::string action(const Context& ctx, std::string_view path) { return ctx.issuer + std::string(path); }

// What every page shows: the stylesheet, and the name the client is configured to show the customer.
nlohmann::json page_data(const Context& ctx, const AuthorizationRequest* request) {
  nlohmann::json data{{"stylesheet_url", action(ctx, kStylesheetPath)}};
  if (!request) return data;
  const auto* client = ctx.deps.clients->find(request->client_id);
  const bool named = client && !client->config->client_name.empty();
  data["client_name"] = named ? client->config->client_name : request->client_id;
  return data;
}

http::Response message_page(const Context& ctx, const http::Request& req, int status, std::string_view title_key,
                            std::string_view message_key, const AuthorizationRequest* request = nullptr) {
  const auto locale = locale_for(ctx, req, request);
  const auto& pages = *ctx.deps.pages;
  auto data = page_data(ctx, request);
  data["title"] = pages.message(locale, title_key);
  data["message"] = pages.message(locale, message_key);
  return page(status, pages.render("message", locale, data));
}

http::Response failure_page(const Context& ctx, const http::Request& req, const OAuthError& e) {
  record_rejection(ctx, kRoute, req, e);
  if (e.status >= 500) return message_page(ctx, req, e.status, "unavailable_title", "unavailable_message");
  return message_page(ctx, req, 400, "expired_title", "expired_message");
}

// 303 after a POST (A9): a reload never resends the form.
http::Response see_other(std::string location) {
  http::Response r;
  r.status = 303;
  r.set("location", std::move(location));
  r.set("cache-control", "no-store");
  r.set("referrer-policy", "no-referrer");
  return r;
}

// `typed_login` refills the field after a failed attempt; the password never comes back.
http::Response login_page(const Context& ctx, const http::Request& req, std::string_view id, const Interaction& i,
                          std::string_view error_key, int status = 200, std::string_view typed_login = {}) {
  const auto locale = locale_for(ctx, req, &i.request);
  const auto& pages = *ctx.deps.pages;
  auto data = page_data(ctx, &i.request);
  data.update({{"action", action(ctx, kLoginPath)}, {"id", id}, {"csrf", i.csrf}});
  if (!error_key.empty()) data["error"] = pages.message(locale, error_key);
  if (!typed_login.empty() && typed_login.size() <= 256) data["login"] = typed_login;
  return page(status, pages.render("login", locale, data));
}

Result<http::Response> consent_page(const Context& ctx, const http::Request& req, std::string_view id, const Interaction& i) {
  const auto locale = locale_for(ctx, req, &i.request);
  const auto& pages = *ctx.deps.pages;
  auto data = page_data(ctx, &i.request);
  data.update({{"action", action(ctx, kDecisionPath)}, {"id", id}, {"csrf", i.csrf}, {"user_name", i.user_name}});
  if (const auto consent_id = consent_id_in_scope(i.request.scope); !consent_id.empty()) {
    auto consent = load_consent(ctx, consent_id);
    if (!consent) return consent.error();
    if (!*consent || (*consent)->status != storage::ConsentStatus::awaiting_authorisation)
      return message_page(ctx, req, 400, "consent_unavailable_title", "consent_unavailable_message", &i.request);
    auto permissions = nlohmann::json::array();
    for (const auto& p : (*consent)->permissions)
      permissions.push_back({{"name", p}, {"description", pages.permission_description(locale, p)}});
    data["has_consent"] = true;
    data["permissions"] = std::move(permissions);
    data["expiry"] = (*consent)->expires_at ? consents::format_date_time(*(*consent)->expires_at)
                                            : pages.message(locale, "no_expiry");
  } else {
    auto scopes = nlohmann::json::array();
    std::size_t start = 0;
    const std::string_view scope = i.request.scope;
    while (start < scope.size()) {
      const auto end = std::min(scope.find(' ', start), scope.size());
      scopes.push_back(std::string(scope.substr(start, end - start)));
      start = end + 1;
    }
    data["has_consent"] = false;
    data["scopes"] = std::move(scopes);
  }
  return page(200, pages.render("consent", locale, data));
}

struct Loaded {
  std::string id;
  Interaction interaction;
};

// The interaction a page or form names, or the page to show instead.
Result<std::optional<Loaded>> load(const Context& ctx, std::optional<std::string_view> id) {
  if (!id || id->empty() || id->size() > 128) return std::optional<Loaded>{};
  auto found = find_interaction(ctx, *id);
  if (!found) return found.error();
  if (!*found) return std::optional<Loaded>{};
  return std::optional<Loaded>{Loaded{std::string(*id), std::move(**found)}};
}

http::Response forbidden(const Context& ctx, const http::Request& req, const Interaction& i) {
  record_rejection(ctx, kRoute, req, {ErrorCode::access_denied, "cross-site or unbound form post", "csrf"}, i.request.client_id);
  return message_page(ctx, req, 403, "forbidden_title", "forbidden_message", &i.request);
}

}  // namespace

http::Response handle_interaction_page(const Context& ctx, const http::Request& req) {
  auto params = http::parse_query(req.query, {});
  auto loaded = load(ctx, params ? params->get("id") : std::nullopt);
  if (!loaded) return failure_page(ctx, req, loaded.error());
  if (!*loaded) return message_page(ctx, req, 400, "expired_title", "expired_message");
  auto& [id, i] = **loaded;
  const auto cookie = browser_cookie_value(req);
  if (cookie.empty() || storage::hash_token(cookie) != i.browser_hash) return forbidden(ctx, req, i);
  if (!i.user) return login_page(ctx, req, id, i, {});
  auto r = consent_page(ctx, req, id, i);
  if (!r) return failure_page(ctx, req, r.error());
  return *r;
}

http::Response handle_login(const Context& ctx, const http::Request& req) {
  auto form = read_form(req);
  if (!form) return message_page(ctx, req, 400, "expired_title", "expired_message");
  auto loaded = load(ctx, form->get("id"));
  if (!loaded) return failure_page(ctx, req, loaded.error());
  if (!*loaded) return message_page(ctx, req, 400, "expired_title", "expired_message");
  auto& [id, i] = **loaded;
  if (!is_same_browser_post(ctx, req, i.browser_hash, i.csrf, form->get("csrf").value_or(""))) return forbidden(ctx, req, i);
  if (i.user) return see_other(http::append_params(action(ctx, kInteractionPath), http::UrlPart::query, {{"id", id}}));
  const auto typed = form->get("login").value_or("");
  auto result = check_login(ctx, typed, form->get("password").value_or(""));
  if (!result) return failure_page(ctx, req, result.error());
  if (result->verdict == LoginVerdict::locked) return login_page(ctx, req, id, i, "error_locked", 401, typed);
  if (result->verdict == LoginVerdict::wrong_credentials)
    return login_page(ctx, req, id, i, "error_wrong_credentials", 401, typed);
  const auto& user = *result->user;
  UserAuthentication auth;
  auth.subject = user.id;
  auth.acr = ctx.cfg.fapi.acr;
  auth.auth_time = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock().now().time_since_epoch()).count();
  auth.cpf = user.document;
  const auto attributes = nlohmann::json::parse(user.attributes_json, nullptr, false);
  if (attributes.is_object() && attributes.contains("cnpj") && attributes["cnpj"].is_array())
    for (const auto& c : attributes["cnpj"])
      if (c.is_string()) auth.cnpj.push_back(c.get<std::string>());
  auth.scoped_claims = claims_for_scopes(ctx.cfg.users.claims_by_scope, i.request.scope, user);
  i.user = std::move(auth);
  i.user_name = user.name;
  if (auto ok = update_interaction(ctx, id, i); !ok) return failure_page(ctx, req, ok.error());
  return see_other(http::append_params(action(ctx, kInteractionPath), http::UrlPart::query, {{"id", id}}));
}

http::Response handle_decision(const Context& ctx, const http::Request& req) {
  auto form = read_form(req);
  if (!form) return message_page(ctx, req, 400, "expired_title", "expired_message");
  auto loaded = load(ctx, form->get("id"));
  if (!loaded) return failure_page(ctx, req, loaded.error());
  if (!*loaded) return message_page(ctx, req, 400, "expired_title", "expired_message");
  auto& [id, i] = **loaded;
  if (!is_same_browser_post(ctx, req, i.browser_hash, i.csrf, form->get("csrf").value_or(""))) return forbidden(ctx, req, i);
  if (!i.user) return see_other(http::append_params(action(ctx, kInteractionPath), http::UrlPart::query, {{"id", id}}));
  const auto decision = form->get("decision").value_or("");
  if (decision != "approve" && decision != "reject") return message_page(ctx, req, 400, "expired_title", "expired_message");
  return complete_interaction(ctx, req, id, decision == "approve" ? i.user : std::nullopt);
}

http::Response handle_stylesheet(const Context& ctx, const http::Request&) {
  return http::text(200, ctx.deps.pages->stylesheet(), "text/css; charset=utf-8", http::Cache::public_short);
}

}  // namespace fapid::fapi
