#include "fapi/context.hpp"

#include "fapi/profile_policy.hpp"

namespace fapid::fapi {

namespace {

std::string nonce_secret(const config::Fapi& f, storage::Random& random) {
  // Without a configured secret each instance makes its own: fine for one instance; several instances
  // share one through dpopNonceSecretName/Key (docs/configuration.md).
  return f.dpop_nonce_secret ? std::string(f.dpop_nonce_secret->reveal()) : random.token(32);
}

// The published keys, inactive ones included, so that tokens signed before a rotation stay verifiable
// for their lifetime. An empty set (no keys loaded) verifies nothing: such tokens fail closed.
jose::PublicKeySet own_public_keys(const jose::KeyStore* keys) {
  if (keys == nullptr) return {};
  auto set = jose::PublicKeySet::from_jwks_json(keys->public_jwks_json());
  return set ? std::move(*set) : jose::PublicKeySet{};
}

}  // namespace

Context::Context(FapiDeps d)
    : deps(std::move(d)),
      cfg(*deps.config),
      issuer(cfg.server.public_url + std::string(kIssuerPath)),
      par_url(cfg.server.mtls_url + std::string(kIssuerPath) + std::string(kParPath)),
      token_url(cfg.server.mtls_url + std::string(kIssuerPath) + std::string(kTokenPath)),
      userinfo_url(cfg.server.mtls_url + std::string(kIssuerPath) + std::string(kUserinfoPath)),
      introspection_url(cfg.server.mtls_url + std::string(kIssuerPath) + std::string(kIntrospectionPath)),
      revocation_url(cfg.server.mtls_url + std::string(kIssuerPath) + std::string(kRevocationPath)),
      consents_url(cfg.server.mtls_url + std::string(kConsentsPath)),
      authenticator(deps.clients, deps.ttl, *deps.clock, cfg.fapi.max_clock_skew),
      dpop_nonces(nonce_secret(cfg.fapi, *deps.random), *deps.clock),
      own_keys_(own_public_keys(deps.keys.get())) {
  self_contained.own_keys = &own_keys_;
  if (deps.keys) self_contained.algs = deps.keys->signing_algs();
  self_contained.issuer = issuer;
}

oauth::ClientAuthPolicy Context::auth_policy(const std::string& endpoint_url) const {
  oauth::ClientAuthPolicy p;
  p.eligible = [](const config::Client& c) { return c.profile != config::Profile::none; };
  p.assertion_rules = [this, endpoint_url](const oauth::RegisteredClient& c) {
    const auto& policy = policy_for(c.config->profile);
    oauth::AssertionRules r;
    r.algs = policy.algs();
    if (policy.assertion_aud_issuer_only) {
      r.audiences = {issuer};  // CA4: the issuer alone, as a string
      r.allow_array_audience = false;
    } else {
      r.audiences = {issuer, token_url};  // CA3: issuer or token endpoint; at PAR also the PAR URL
      if (endpoint_url != token_url) r.audiences.push_back(endpoint_url);
      r.allow_array_audience = true;
    }
    return r;
  };
  return p;
}

}  // namespace fapid::fapi
