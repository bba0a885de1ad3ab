#include "federation/idp_client.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "http/url_builder.hpp"
#include "jose/strict_json.hpp"

namespace fapid::federation {

namespace {

constexpr std::size_t kMaxTokenResponseBytes = 64 * 1024;

OAuthError unavailable(std::string detail) {
  return {ErrorCode::temporarily_unavailable, "the identity provider could not be reached", std::move(detail)};
}
OAuthError refused(std::string detail) {
  return {ErrorCode::access_denied, "the identity provider's answer could not be accepted", std::move(detail)};
}

bool is_json(std::string_view content_type) {
  const auto semi = content_type.find(';');
  auto media = content_type.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return media == "application/json" || media == "application/jwk-set+json";
}

// A short printable excerpt of what the IdP said, for the log only.
std::string excerpt(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 80)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

bool unknown_key(const OAuthError& e) { return e.detail.starts_with(kUnknownKeyDetail); }

}  // namespace

IdpClient::IdpClient(IdpSettings settings, std::shared_ptr<const http::HttpsClient> https, const Clock& clock)
    : settings_(std::move(settings)),
      expected_issuer_(issuer_of_discovery_url(settings_.discovery_url)),
      https_(std::move(https)),
      clock_(clock) {}

Result<std::string> IdpClient::fetch_json(const std::string& url, std::size_t max_bytes) {
  auto res = https_->send({http::OutboundRequest::Method::get, url, {}, {}});
  if (!res) return res.error();
  if (res->status != 200) return unavailable(url + " answered HTTP " + std::to_string(res->status));
  if (!is_json(res->content_type)) return unavailable(url + " answered " + excerpt(res->content_type) + ", not JSON");
  if (res->body.size() > max_bytes) return unavailable(url + " answered more than " + std::to_string(max_bytes) + " bytes");
  return std::move(res->body);
}

Result<std::shared_ptr<const IdpMetadata>> IdpClient::metadata() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  if (metadata_ && now - metadata_at_ < settings_.metadata_ttl) return metadata_;
  if (expected_issuer_.empty()) return unavailable("the discovery URL does not end with " + std::string(kDiscoverySuffix));
  auto body = fetch_json(settings_.discovery_url, kMaxDiscoveryBytes);
  if (!body) return body.error();
  auto parsed = parse_idp_metadata(*body, expected_issuer_);
  if (!parsed) return parsed.error();
  metadata_ = std::make_shared<const IdpMetadata>(std::move(*parsed));
  metadata_at_ = now;
  return metadata_;
}

Result<std::shared_ptr<const jose::PublicKeySet>> IdpClient::keys(bool refetch_for_unknown_kid) {
  auto idp = metadata();
  if (!idp) return idp.error();
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  const bool fresh = keys_ && now - keys_at_ < settings_.keys_ttl;
  // F05: an unknown kid costs one refetch per interval, however many tokens name it.
  const bool may_refetch = now - unknown_kid_refetch_at_ >= settings_.min_key_refetch;
  if (fresh && !(refetch_for_unknown_kid && may_refetch)) return keys_;
  if (fresh) unknown_kid_refetch_at_ = now;
  auto body = fetch_json((*idp)->jwks_uri, jose::kMaxJwksBytes);
  auto parsed = body ? jose::PublicKeySet::from_jwks_json(*body) : Result<jose::PublicKeySet>(body.error());
  if (!parsed) {
    // F05: an IdP whose JWKS is down is still trusted with the keys we hold, until they are stale.
    if (fresh) return keys_;
    return unavailable("IdP JWKS: " + parsed.error().description + ": " + parsed.error().detail);
  }
  keys_ = std::make_shared<const jose::PublicKeySet>(std::move(*parsed));
  keys_at_ = now;
  return keys_;
}

Result<std::string> IdpClient::authorization_url(const IdpAuthorization& r) {
  auto idp = metadata();
  if (!idp) return idp.error();
  return http::append_params((*idp)->authorization_endpoint, http::UrlPart::query,
                             {{"response_type", "code"},
                              {"client_id", settings_.client_id},
                              {"redirect_uri", r.redirect_uri},
                              {"scope", r.scope},
                              {"state", r.state},
                              {"nonce", r.nonce},
                              {"code_challenge", r.code_challenge},
                              {"code_challenge_method", "S256"}});
}

Result<std::string> IdpClient::exchange_code(const IdpMetadata& idp, std::string_view code, std::string_view redirect_uri,
                                             std::string_view code_verifier) {
  // client_secret_post (OIDC Core §9): the form the institution's IdP is configured for (seeds/003).
  const std::string body = http::form_encode({{"grant_type", "authorization_code"},
                                              {"code", std::string(code)},
                                              {"redirect_uri", std::string(redirect_uri)},
                                              {"code_verifier", std::string(code_verifier)},
                                              {"client_id", settings_.client_id},
                                              {"client_secret", std::string(settings_.client_secret.reveal())}});
  auto res = https_->send({http::OutboundRequest::Method::post, idp.token_endpoint, "application/x-www-form-urlencoded", body});
  if (!res) return res.error();
  if (res->body.size() > kMaxTokenResponseBytes) return unavailable("IdP token response over the size limit");
  if (res->status == 200 && is_json(res->content_type)) return std::move(res->body);
  // RFC 6749 §5.2: the IdP refused the code (a 4xx with an error): the login cannot complete. Anything
  // else is the IdP failing, and may pass.
  const auto error = jose::parse_strict_json(res->body);
  if (res->status >= 400 && res->status < 500 && error && error->is_object() && error->contains("error") &&
      (*error)["error"].is_string())
    return refused("IdP token endpoint refused the code: " + excerpt((*error)["error"].get<std::string>()));
  return unavailable("IdP token endpoint answered HTTP " + std::to_string(res->status));
}

IdpExpectations IdpClient::expectations(const IdpMetadata& idp) const {
  return {idp.issuer,        settings_.client_id,        idp.id_token_algs, clock_.now(),
          settings_.max_skew, settings_.max_id_token_age, settings_.role_claim};
}

Result<StaffLogin> IdpClient::complete_login(std::string_view code, std::string_view redirect_uri,
                                             std::string_view code_verifier, std::string_view nonce,
                                             std::string_view requested_scope) {
  auto idp = metadata();
  if (!idp) return idp.error();
  // The keys before the code: an IdP whose keys cannot be had does not get its code spent for nothing.
  auto keys_now = keys(false);
  if (!keys_now) return keys_now.error();
  auto body = exchange_code(**idp, code, redirect_uri, code_verifier);
  if (!body) return body.error();
  const auto response = jose::parse_strict_json(*body);
  if (!response || !response->is_object()) return refused("IdP token response is not a JSON object");
  const auto text = [&](const char* name) -> std::optional<std::string> {
    const auto it = response->find(name);
    if (it == response->end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  const auto id_token = text("id_token"), access_token = text("access_token"), token_type = text("token_type");
  if (!id_token) return refused("IdP token response has no id_token");
  if (!access_token) return refused("IdP token response has no access_token");
  std::string type = token_type.value_or("");
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type != "bearer") return refused("IdP token_type is not Bearer");  // RFC 6749 §7.1: case-insensitive

  auto identity = check_id_token(*id_token, **keys_now, expectations(**idp), nonce);
  if (!identity && unknown_key(identity.error())) {
    if (keys_now = keys(true); !keys_now) return keys_now.error();
    identity = check_id_token(*id_token, **keys_now, expectations(**idp), nonce);
  }
  if (!identity) return identity.error();
  auto facts = check_access_token(*access_token, **keys_now, expectations(**idp), identity->subject);
  if (!facts && unknown_key(facts.error())) {
    if (keys_now = keys(true); !keys_now) return keys_now.error();
    facts = check_access_token(*access_token, **keys_now, expectations(**idp), identity->subject);
  }
  if (!facts) return facts.error();
  std::string granted = std::string(requested_scope);  // RFC 6749 §5.1: no scope means as requested
  if (*facts && (*facts)->scope) granted = *(*facts)->scope;
  else if (auto scope = text("scope")) granted = *scope;
  auto roles = identity->roles;
  if (*facts)
    for (auto& role : (*facts)->roles)
      if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(std::move(role));
  return StaffLogin{std::move(*identity), std::move(granted), *id_token, std::move(roles)};
}

Result<std::string> IdpClient::end_session_url(std::string_view id_token_hint, std::string_view post_logout_redirect_uri,
                                               std::string_view state) {
  auto idp = metadata();
  if (!idp) return idp.error();
  if ((*idp)->end_session_endpoint.empty()) return std::string();
  return http::append_params((*idp)->end_session_endpoint, http::UrlPart::query,
                             {{"id_token_hint", std::string(id_token_hint)},
                              {"post_logout_redirect_uri", std::string(post_logout_redirect_uri)},
                              {"client_id", settings_.client_id},
                              {"state", std::string(state)}});
}

}  // namespace fapid::federation
