#include "federation/idp_metadata.hpp"

#include <nlohmann/json.hpp>

#include "config/url_rules.hpp"
#include "jose/strict_json.hpp"

namespace fapid::federation {

namespace {

OAuthError invalid(std::string detail) {
  return {ErrorCode::temporarily_unavailable, "the identity provider's configuration is invalid", std::move(detail)};
}

// A required (or, when `required` is false, optional) https URL member; "" when absent and optional.
Result<std::string> url_member(const nlohmann::json& doc, const char* name, bool required) {
  const auto it = doc.find(name);
  if (it == doc.end()) {
    if (required) return invalid(std::string(name) + " is missing");
    return std::string();
  }
  if (!it->is_string()) return invalid(std::string(name) + " is not a string");
  const auto& url = it->get_ref<const std::string&>();
  if (auto problem = config::check_url(url)) return invalid(std::string(name) + ": " + *problem);
  return url;
}

}  // namespace

std::string issuer_of_discovery_url(std::string_view discovery_url) {
  if (discovery_url.size() <= kDiscoverySuffix.size() || !discovery_url.ends_with(kDiscoverySuffix)) return {};
  return std::string(discovery_url.substr(0, discovery_url.size() - kDiscoverySuffix.size()));
}

Result<IdpMetadata> parse_idp_metadata(std::string_view document, std::string_view expected_issuer) {
  if (document.size() > kMaxDiscoveryBytes) return invalid("discovery document over the size limit");
  const auto doc = jose::parse_strict_json(document);
  if (!doc || !doc->is_object()) return invalid("discovery document is not a JSON object");
  IdpMetadata m;
  const auto issuer = doc->find("issuer");
  if (issuer == doc->end() || !issuer->is_string()) return invalid("issuer is missing");
  m.issuer = issuer->get<std::string>();
  // §4.3: exactly the issuer the URL was formed from; no normalisation, so no two readings differ.
  if (m.issuer != expected_issuer) return invalid("issuer \"" + m.issuer.substr(0, 200) + "\" is not the configured IdP's");
  const std::pair<const char*, std::string*> urls[] = {{"authorization_endpoint", &m.authorization_endpoint},
                                                       {"token_endpoint", &m.token_endpoint},
                                                       {"jwks_uri", &m.jwks_uri}};
  for (const auto& [name, out] : urls) {
    auto url = url_member(*doc, name, true);
    if (!url) return url.error();
    *out = std::move(*url);
  }
  for (const auto& [name, out] : {std::pair{"userinfo_endpoint", &m.userinfo_endpoint},
                                  std::pair{"end_session_endpoint", &m.end_session_endpoint}}) {
    auto url = url_member(*doc, name, false);
    if (!url) return url.error();
    *out = std::move(*url);
  }
  // §3: id_token_signing_alg_values_supported is REQUIRED; keep what we accept of it, in our order.
  const auto algs = doc->find("id_token_signing_alg_values_supported");
  if (algs == doc->end() || !algs->is_array()) return invalid("id_token_signing_alg_values_supported is missing");
  for (auto alg : {jose::Alg::RS256, jose::Alg::PS256, jose::Alg::ES256}) {
    for (const auto& v : *algs)
      if (v.is_string() && v.get_ref<const std::string&>() == jose::to_string(alg)) {
        m.id_token_algs.push_back(alg);
        break;
      }
  }
  if (m.id_token_algs.empty()) return invalid("the IdP signs ID tokens with no algorithm we accept (RS256, PS256, ES256)");
  return m;
}

}  // namespace fapid::federation
