#include "config/client_rules.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "config/url_rules.hpp"
#include "config/value_parsers.hpp"
#include "config/wire_names.hpp"

namespace fapid::config {

namespace {

constexpr std::string_view kAuthorizationCode = "authorization_code";

void add(std::vector<std::string>& errors, const std::string& path, std::string_view message) {
  errors.push_back(path + ": " + std::string(message));
}

std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Lists are sets: a repeated value is a typo or a merge mistake, never intended.
void check_unique(const std::vector<std::string>& list, const std::string& path, std::vector<std::string>& errors) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < list.size(); ++i)
    if (!seen.insert(list[i]).second) add(errors, item(path, i), "duplicate value \"" + list[i] + "\"");
}

// SPEC CA1: FAPI clients are confidential and authenticate with a key (private_key_jwt or
// tls_client_auth), never a shared secret; non-FAPI (back-office) clients use a shared secret.
void check_auth_method(const Client& c, const ClientFacts& f, const std::string& path, std::vector<std::string>& errors) {
  if (!f.auth_method_known || !f.profile_known) return;
  const bool key_based = c.auth_method == AuthMethod::private_key_jwt || c.auth_method == AuthMethod::tls_client_auth;
  const std::string method(to_string(c.auth_method));
  if (is_fapi(c) && !key_based)
    add(errors, path + ".tokenEndpointAuthMethod", method + " is not allowed for a FAPI client (private_key_jwt or tls_client_auth)");
  if (!is_fapi(c) && key_based)
    add(errors, path + ".tokenEndpointAuthMethod", method + " is only for FAPI clients (set profile), non-FAPI clients use client_secret_post or client_secret_basic");
}

void check_secret(const Client& c, const ClientFacts& f, const std::string& path, std::vector<std::string>& errors) {
  if (f.has_secret_name && !f.has_secret_key) add(errors, path + ".clientSecretKey", "is required with clientSecretName");
  if (f.has_secret_key && !f.has_secret_name) add(errors, path + ".clientSecretName", "is required with clientSecretKey");
  if (!f.profile_known) return;
  if (is_fapi(c) && (f.has_secret_name || f.has_secret_key))
    add(errors, path + ".clientSecretName", "a FAPI client must not have a client secret");
  if (!is_fapi(c) && f.auth_method_known && !f.has_secret_name && !f.has_secret_key)
    add(errors, path + ".clientSecretName", "is required for " + std::string(to_string(c.auth_method)));
}

void check_keys_and_subject(const Client& c, const ClientFacts& f, const std::string& path, std::vector<std::string>& errors) {
  if (f.jwks_sources > 1) add(errors, path, "set only one of jwks, jwksFile, jwksUri");
  if (f.auth_method_known && c.auth_method == AuthMethod::private_key_jwt && f.jwks_sources == 0)
    add(errors, path, "private_key_jwt needs one of jwks, jwksFile, jwksUri");
  if (!c.jwks_uri.empty())
    if (auto problem = check_url(c.jwks_uri)) add(errors, path + ".jwksUri", *problem);
  if (!f.auth_method_known) return;
  const bool tls_auth = c.auth_method == AuthMethod::tls_client_auth;
  if (tls_auth && !f.has_subject_dn) add(errors, path + ".tlsClientAuthSubjectDn", "is required for tls_client_auth");
  if (!tls_auth && f.has_subject_dn) add(errors, path + ".tlsClientAuthSubjectDn", "is only for tls_client_auth");
}

void check_grant_types(const Client& c, const std::string& path, std::vector<std::string>& errors) {
  const std::string p = path + ".grantTypes";
  if (c.grant_types.empty()) add(errors, p, "must not be empty");
  for (std::size_t i = 0; i < c.grant_types.size(); ++i) {
    const auto& g = c.grant_types[i];
    if (g == "implicit") add(errors, item(p, i), "implicit is refused (RFC 9700 §2.1.2)");
    else if (g == "password") add(errors, item(p, i), "password is refused (RFC 9700 §2.4)");
    else if (g != kAuthorizationCode && g != "refresh_token" && g != "client_credentials")
      add(errors, item(p, i), "unsupported grant type \"" + g + "\" (authorization_code, refresh_token, client_credentials)");
  }
  check_unique(c.grant_types, p, errors);
}

// OAuth 2.0 Multiple Response Type Encoding Practices §3: a response type is a space-separated set,
// so "id_token code" and "code id_token" are the same; stored in the canonical order.
std::optional<std::string> normalize_response_type(std::string_view entry) {
  std::set<std::string_view> tokens;
  while (!entry.empty()) {
    const auto space = entry.find_first_of(" \t");
    const auto token = entry.substr(0, space);
    if (!token.empty() && !tokens.insert(token).second) return std::nullopt;
    if (space == std::string_view::npos) break;
    entry.remove_prefix(space + 1);
  }
  if (tokens == std::set<std::string_view>{"code"}) return "code";
  if (tokens == std::set<std::string_view>{"code", "id_token"}) return "code id_token";
  return std::nullopt;
}

void check_response_types(Client& c, const std::string& path, std::vector<std::string>& errors) {
  const std::string p = path + ".responseTypes";
  const bool code_grant = contains(c.grant_types, kAuthorizationCode);
  if (code_grant && c.response_types.empty()) add(errors, p, "is required with the authorization_code grant");
  if (!code_grant && !c.response_types.empty()) add(errors, p, "needs the authorization_code grant");
  for (std::size_t i = 0; i < c.response_types.size(); ++i) {
    auto& entry = c.response_types[i];
    auto normalized = normalize_response_type(entry);
    if (!normalized) {
      add(errors, item(p, i), "unsupported response type \"" + entry + "\" (code, code id_token)");
      continue;
    }
    entry = *normalized;
    // SPEC A3: fapi1-advanced may use both (bare `code` only with response_mode=jwt, JARM, which is a
    // per-request rule); fapi2 uses `code` only.
    if (c.profile == Profile::fapi2 && entry != "code")
      add(errors, item(p, i), "a fapi2 client may only use response type code (SPEC A3)");
  }
  check_unique(c.response_types, p, errors);
}

// SPEC S1: FAPI 1 Advanced and Open Finance Brasil issue mTLS-bound tokens (RFC 8705); FAPI 2.0 allows
// mTLS or DPoP (RFC 9449). SPEC P10: FAPI 1 Advanced requires signed request objects; for fapi2 they
// are optional unless the client opts into FAPI 2.0 Message Signing with `required`.
void check_token_options(Client& c, const ClientFacts& f, const std::string& path, std::vector<std::string>& errors) {
  const std::string binding = path + ".tokenBinding", signing = path + ".requestObjectSigning";
  const bool signing_optional = f.request_object_signing.has_value() && !*f.request_object_signing;
  c.require_signed_request_object = f.request_object_signing.value_or(false);
  if (!f.profile_known) return;
  switch (c.profile) {
    case Profile::none:
      if (f.has_token_binding) add(errors, binding, "is only for FAPI clients (set profile)");
      if (f.request_object_signing) add(errors, signing, "is only for FAPI clients (set profile)");
      c.require_signed_request_object = false;
      break;
    case Profile::fapi1_advanced:
      if (c.token_binding == TokenBinding::dpop)
        add(errors, binding, "dpop is only for fapi2 clients: FAPI 1 Advanced and Open Finance Brasil use mTLS-bound tokens (RFC 8705, SPEC S1)");
      if (signing_optional)
        add(errors, signing, "optional is not allowed for fapi1-advanced: FAPI 1 Advanced requires signed request objects (SPEC P10)");
      c.require_signed_request_object = true;
      break;
    case Profile::fapi2:
      break;  // mtls or dpop; requestObjectSigning as given, optional by default
  }
}

void check_uris(const std::vector<std::string>& uris, bool allow_loopback_http, const std::string& p, std::vector<std::string>& errors) {
  for (std::size_t i = 0; i < uris.size(); ++i)
    if (auto problem = check_url(uris[i], allow_loopback_http)) add(errors, item(p, i), *problem);
  check_unique(uris, p, errors);
}

}  // namespace

bool is_fapi(const Client& client) { return client.profile != Profile::none; }

void validate_client(Client& c, const ClientFacts& f, const std::string& path, std::vector<std::string>& errors) {
  if (!c.client_id.empty() && !is_printable_id(c.client_id))
    add(errors, path + ".clientId", "must be printable ASCII without spaces");
  check_auth_method(c, f, path, errors);
  check_secret(c, f, path, errors);
  check_keys_and_subject(c, f, path, errors);
  check_grant_types(c, path, errors);
  check_response_types(c, path, errors);
  check_token_options(c, f, path, errors);
  // SPEC A4: FAPI redirect URIs are https (no loopback); RFC 8252 §7.3 loopback http is allowed for
  // the non-FAPI (back-office) clients only, e.g. a portal run on a developer machine.
  const bool loopback_ok = f.profile_known && !is_fapi(c);
  if (contains(c.grant_types, kAuthorizationCode) && c.redirect_uris.empty())
    add(errors, path + ".redirectUris", "is required with the authorization_code grant");
  check_uris(c.redirect_uris, loopback_ok, path + ".redirectUris", errors);
  check_uris(c.post_logout_redirect_uris, loopback_ok, path + ".postLogoutRedirectUris", errors);
  for (std::size_t i = 0; i < c.allowed_scopes.size(); ++i)
    if (!is_scope_token(c.allowed_scopes[i]))
      add(errors, item(path + ".allowedScopes", i), "not a valid scope token (RFC 6749 §3.3)");
  check_unique(c.allowed_scopes, path + ".allowedScopes", errors);
}

}  // namespace fapid::config
