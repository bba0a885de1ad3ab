#include "config/config_checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <utility>

#include <boost/url/parse.hpp>

#include "config/client_rules.hpp"

namespace fapid::config {

namespace {

void add(std::vector<std::string>& errors, const std::string& path, const std::string& message) {
  errors.push_back(path + ": " + message);
}

std::string indexed(std::string_view list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

// The allowed range of each `fapi` lifetime (bounds in limits.hpp).
struct LifetimeRange {
  const char* key;
  std::chrono::seconds Fapi::*field;
  std::chrono::seconds min;
  std::chrono::seconds max;
  const char* source;  // the rule the range comes from, "" for our own sanity bounds
};

constexpr std::array<LifetimeRange, 6> kLifetimeRanges{{
    {"parLifetime", &Fapi::par_lifetime, kMinParLifetime, kMaxParLifetime, " (SPEC P5: OFB at least 60 s, FAPI 2.0 under 600 s)"},
    {"codeLifetime", &Fapi::code_lifetime, kMinCodeLifetime, kMaxCodeLifetime, " (SPEC TK2: FAPI 2.0 at most 60 s)"},
    {"accessTokenLifetime", &Fapi::access_token_lifetime, kMinAccessTokenLifetime, kMaxAccessTokenLifetime, " (SPEC TK7)"},
    {"refreshTokenLifetime", &Fapi::refresh_token_lifetime, kMinRefreshTokenLifetime, kMaxRefreshTokenLifetime, ""},
    {"interactionLifetime", &Fapi::interaction_lifetime, kMinInteractionLifetime, kMaxInteractionLifetime, ""},
    {"maxClockSkew", &Fapi::max_clock_skew, kMinClockSkew, kMaxClockSkewLimit, " (SPEC CA5: +60 s must be refused)"},
}};

// 86400 -> "1d", 3600 -> "1h", 90 -> "90s": the units the configuration accepts.
std::string describe(std::chrono::seconds s) {
  const auto n = s.count();
  if (n > 0 && n % 86400 == 0) return std::to_string(n / 86400) + "d";
  if (n > 0 && n % 3600 == 0) return std::to_string(n / 3600) + "h";
  return std::to_string(n) + "s";
}

// RFC 8141 §2: "urn:" NID ":" NSS, the NID 2 to 32 letters, digits or hyphens, not starting or
// ending with a hyphen, the NSS non-empty. `rest` follows "urn:".
bool is_urn_body(std::string_view rest) {
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos || colon + 1 == rest.size()) return false;
  const auto nid = rest.substr(0, colon);
  if (nid.size() < 2 || nid.size() > 32 || nid.front() == '-' || nid.back() == '-') return false;
  for (const unsigned char ch : nid)
    if (!std::isalnum(ch) && ch != '-') return false;
  return true;
}

// OpenID Connect Core 1.0 §2 (acr): absolute URIs (RFC 3986 §4.3) or URNs (RFC 8141).
bool is_absolute_uri_or_urn(std::string_view value) {
  if (!boost::urls::parse_absolute_uri(value).has_value()) return false;
  constexpr std::string_view kUrn = "urn:";
  if (value.size() < kUrn.size()) return true;
  for (std::size_t i = 0; i < kUrn.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != kUrn[i]) return true;  // another scheme
  return is_urn_body(value.substr(kUrn.size()));
}

void check_range(const std::string& path, std::chrono::seconds value, std::chrono::seconds min, std::chrono::seconds max,
                 std::vector<std::string>& errors) {
  if (value < min || value > max) add(errors, path, "must be between " + describe(min) + " and " + describe(max));
}

}  // namespace

void check_listener_ports(const Server& server, std::vector<std::string>& errors) {
  const std::array<std::pair<const char*, const Endpoint*>, 3> listeners{{
      {"tls", &server.tls}, {"mtls", &server.mtls}, {"ops", &server.ops}}};
  for (std::size_t i = 0; i < listeners.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (listeners[i].second->port != 0 && listeners[i].second->port == listeners[j].second->port)
        add(errors, std::string("server.listeners.") + listeners[i].first + ".port",
            std::string("same port as server.listeners.") + listeners[j].first + ".port");
}

void check_key_set(const std::vector<KeyFile>& keys, std::vector<std::string>& errors) {
  std::map<std::string, std::size_t> kids;
  std::map<std::pair<KeyUse, std::string>, std::size_t> active;  // (use, alg) -> index of the active key
  bool any_active_sig = false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto& k = keys[i];
    if (!k.kid.empty() && !kids.emplace(k.kid, i).second)
      add(errors, indexed("keys", i) + ".kid", "duplicate kid \"" + k.kid + "\" (also " + indexed("keys", kids[k.kid]) + ")");
    if (!k.active) continue;
    if (k.use == KeyUse::sig) any_active_sig = true;
    // Two active keys for one algorithm would make the signing key ambiguous; rotation publishes the
    // next key inactive first, then flips `active`.
    const auto [it, inserted] = active.emplace(std::pair{k.use, k.alg}, i);
    if (!inserted)
      add(errors, indexed("keys", i) + ".active",
          "only one key per use and alg may be active (" + indexed("keys", it->second) + " is active for " + k.alg + ")");
  }
  if (!keys.empty() && !any_active_sig) add(errors, "keys", "no active signing key (use: sig, active: true)");
}

void check_client_ids(const std::vector<Client>& clients, std::vector<std::string>& errors) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < clients.size(); ++i) {
    const auto& id = clients[i].client_id;
    if (id.empty()) continue;  // reported where it was read
    if (const auto [it, inserted] = seen.emplace(id, i); !inserted)
      add(errors, indexed("clients", i) + ".clientId", "duplicate client id \"" + id + "\" (also " + indexed("clients", it->second) + ")");
  }
}

void check_federation_clients(const Federation& federation, const std::vector<Client>& clients,
                              const std::string& source_note, std::vector<std::string>& errors) {
  std::map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < federation.allowed_client_ids.size(); ++i) {
    const auto& id = federation.allowed_client_ids[i];
    const std::string path = indexed("federation.allowedClientIds", i) + source_note;
    if (!seen.emplace(id, i).second) {
      add(errors, path, "duplicate value \"" + id + "\"");
      continue;
    }
    const Client* client = nullptr;
    for (const auto& c : clients)
      if (c.client_id == id) client = &c;
    if (client == nullptr) add(errors, path, "\"" + id + "\" is not a configured client");
    else if (is_fapi(*client)) add(errors, path, "\"" + id + "\" is a FAPI client; federation is for non-FAPI clients only");
  }
}

void check_fapi(const Fapi& fapi, std::vector<std::string>& errors) {
  for (const auto& r : kLifetimeRanges) {
    const auto value = fapi.*(r.field);
    if (value < r.min || value > r.max)
      add(errors, std::string("fapi.") + r.key, "must be between " + describe(r.min) + " and " + describe(r.max) + r.source);
  }
  const auto& values = fapi.acr_values_supported;
  if (values.empty()) add(errors, "fapi.acrValuesSupported", "must not be empty");
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string path = indexed("fapi.acrValuesSupported", i);
    if (!is_absolute_uri_or_urn(values[i]))
      add(errors, path, "\"" + values[i] + "\" is not an absolute URI or a URN (OpenID Connect Core 1.0 §2)");
    else if (!seen.insert(values[i]).second)
      add(errors, path, "duplicate value \"" + values[i] + "\"");
  }
  if (fapi.acr.empty()) add(errors, "fapi.acr", "must not be empty");
  else if (!values.empty() && std::find(values.begin(), values.end(), fapi.acr) == values.end())
    add(errors, "fapi.acr", "\"" + fapi.acr + "\" is not one of fapi.acrValuesSupported");
  if (fapi.dpop_nonce_secret && fapi.dpop_nonce_secret->reveal().size() < kMinDpopNonceSecretBytes)
    add(errors, "fapi.dpopNonceSecretName",
        "the secret must be at least " + std::to_string(kMinDpopNonceSecretBytes) + " bytes (256 bits)");
}

void check_users(const Users& users, std::vector<std::string>& errors) {
  check_range("users.lockout.lockFor", users.lock_for, kMinLockFor, kMaxLockFor, errors);
}

void check_nonfapi(const NonFapi& n, std::vector<std::string>& errors) {
  check_range("nonfapi.codeLifetime", n.code_lifetime, std::chrono::seconds(1), kMaxNonFapiCodeLifetime, errors);
  check_range("nonfapi.accessTokenLifetime", n.access_token_lifetime, kMinNonFapiAccessTokenLifetime,
              kMaxNonFapiAccessTokenLifetime, errors);
  check_range("nonfapi.refreshTokenLifetime", n.refresh_token_lifetime, kMinNonFapiRefreshTokenLifetime,
              kMaxNonFapiRefreshTokenLifetime, errors);
  check_range("nonfapi.loginLifetime", n.login_lifetime, kMinNonFapiLoginLifetime, kMaxNonFapiLoginLifetime, errors);
}

void check_consents(const Consents& consents, std::vector<std::string>& errors) {
  check_range("consents.awaitingAuthorisationLifetime", consents.awaiting_authorisation_lifetime,
              kMinAwaitingAuthorisationLifetime, kMaxAwaitingAuthorisationLifetime, errors);
  check_range("consents.idempotencyKeyLifetime", consents.idempotency_key_lifetime, kMinIdempotencyKeyLifetime,
              kMaxIdempotencyKeyLifetime, errors);
}

}  // namespace fapid::config
