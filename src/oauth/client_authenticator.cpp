#include "oauth/client_authenticator.hpp"

#include "jose/base64url.hpp"
#include "jose/jws_verify.hpp"
#include "oauth/jwt_claims.hpp"
#include "storage/token_hash.hpp"

namespace fapid::oauth {

namespace {

constexpr std::size_t kMaxJtiBytes = 256;

// The assertion's `iss` before verification: only to find whose keys verify it (RFC 7523 §3).
std::optional<std::string> unverified_issuer(std::string_view compact) {
  const auto first = compact.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = compact.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  auto payload = jose::base64url_decode(compact.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  auto claims = JwtClaims::parse(*payload);
  if (!claims) return std::nullopt;
  return claims->string("iss");
}

// Methods without an assertion leave nothing to take.
Result<PendingAuthentication> no_jti(Result<const RegisteredClient*> client) {
  if (!client) return client.error();
  return PendingAuthentication{*client, std::nullopt};
}

bool key_based(config::AuthMethod m) {
  return m == config::AuthMethod::private_key_jwt || m == config::AuthMethod::tls_client_auth;
}

}  // namespace

ClientAuthenticator::ClientAuthenticator(std::shared_ptr<const ClientRegistry> registry,
                                         std::shared_ptr<storage::TtlStore> ttl, const Clock& clock,
                                         std::chrono::seconds max_future_skew)
    : registry_(std::move(registry)),
      ttl_(std::move(ttl)),
      clock_(clock),
      max_future_skew_(max_future_skew),
      subject_matches_(std::make_unique<SubjectMatchMemo>()) {}

Result<const RegisteredClient*> ClientAuthenticator::authenticate(const http::Params& form, const http::Peer& peer,
                                                                  std::optional<std::string_view> authorization,
                                                                  const ClientAuthPolicy& policy) const {
  auto pending = identify(form, peer, authorization, policy);
  if (!pending) return pending.error();
  if (auto taken = take_jti(pending->assertion_jti); !taken) return taken.error();
  return pending->client;
}

Result<PendingAuthentication> ClientAuthenticator::authenticate_pending_jti(const http::Params& form,
                                                                           const http::Peer& peer,
                                                                           std::optional<std::string_view> authorization,
                                                                           const ClientAuthPolicy& policy,
                                                                           const std::function<bool(const RegisteredClient&)>& defer) const {
  auto pending = identify(form, peer, authorization, policy);
  if (!pending || !pending->assertion_jti) return pending;
  if (!defer(*pending->client)) {
    if (auto taken = take_jti(pending->assertion_jti); !taken) return taken.error();
    return pending;
  }
  // A replay seen already is refused now, before the caller spends a signature on it.
  auto seen = ttl_->get(pending->assertion_jti->kind, pending->assertion_jti->key);
  if (!seen) return seen.error();
  if (*seen) return invalid_client("assertion jti replayed");
  return pending;
}

Result<void> ClientAuthenticator::take_jti(std::optional<storage::SingleUseKey>& jti) const {
  if (!jti) return {};
  auto fresh = ttl_->put_if_absent(jti->kind, jti->key, storage::kSingleUseMark, jti->ttl);
  jti.reset();
  if (!fresh) return fresh.error();
  if (!*fresh) return invalid_client("assertion jti replayed");
  return {};
}

Result<PendingAuthentication> ClientAuthenticator::identify(const http::Params& form, const http::Peer& peer,
                                                           std::optional<std::string_view> authorization,
                                                           const ClientAuthPolicy& policy) const {
  if (form.contains("client_assertion") || form.contains("client_assertion_type")) {
    if (authorization) return invalid_client("assertion together with an Authorization header");
    return by_assertion(form, policy);
  }
  const auto client_id = form.get("client_id");
  if (!client_id) return invalid_client("no client_id and no assertion");
  const auto* client = registry_->find(*client_id);
  if (!client || !policy.eligible(*client->config)) return invalid_client("unknown client");
  switch (client->config->auth_method) {
    case config::AuthMethod::private_key_jwt: return invalid_client("private_key_jwt client sent no assertion");
    case config::AuthMethod::tls_client_auth:
      if (authorization || form.contains("client_secret")) return invalid_client("secret sent by a tls_client_auth client");
      return no_jti(by_certificate(*client, peer));
    case config::AuthMethod::client_secret_post:
      if (authorization) return invalid_client("Authorization header sent by a client_secret_post client");
      return no_jti(by_secret(*client, form));
    case config::AuthMethod::client_secret_basic: return invalid_client("client_secret_basic is not served here");
  }
  return invalid_client("unsupported method");
}

Result<PendingAuthentication> ClientAuthenticator::by_assertion(const http::Params& form,
                                                               const ClientAuthPolicy& policy) const {
  if (form.get("client_assertion_type") != std::optional<std::string_view>(kJwtBearerAssertionType))
    return invalid_client("client_assertion_type missing or not jwt-bearer");
  const auto assertion = form.get("client_assertion");
  if (!assertion || assertion->empty()) return invalid_client("client_assertion missing");
  if (form.contains("client_secret")) return invalid_client("client_secret together with an assertion");
  const auto issuer = unverified_issuer(*assertion);
  if (!issuer) return invalid_client("assertion without a readable iss");
  if (const auto id = form.get("client_id"); id && *id != *issuer)
    return invalid_client("client_id parameter differs from the assertion iss");  // CA6
  const auto* client = registry_->find(*issuer);
  if (!client || !policy.eligible(*client->config)) return invalid_client("assertion from an unknown client");
  if (client->config->auth_method != config::AuthMethod::private_key_jwt)
    return invalid_client("assertion from a client registered for another method");

  const auto rules = policy.assertion_rules(*client);
  auto verified = jose::verify_jws(*assertion, client->keys, {rules.algs});
  if (!verified) return invalid_client("assertion: " + verified.error().detail);
  auto claims = JwtClaims::parse(verified->payload);
  if (!claims) return invalid_client("assertion payload is not a JSON object");
  // CA2: iss = sub = client_id.
  if (claims->string("iss") != client->id()) return invalid_client("assertion iss is not the client_id");
  if (claims->string("sub") != client->id()) return invalid_client("assertion sub missing or not the client_id");
  if (!claims->audience_is_one_of(rules.audiences, rules.allow_array_audience))
    return invalid_client("assertion aud not accepted for this client's profile");  // CA3, CA4
  const TimeRules time{clock_.now(), max_future_skew_};
  if (auto p = check_exp(*claims, time)) return invalid_client("assertion " + *p);
  const auto exp = *claims->numeric_date("exp");
  const auto now_s = to_unix_seconds(time.now);
  if (exp > now_s + kMaxAssertionLifetime.count() + max_future_skew_.count())
    return invalid_client("assertion exp too far ahead");  // T07
  if (auto p = check_not_in_future(*claims, "iat", false, time)) return invalid_client("assertion " + *p);
  if (auto p = check_not_in_future(*claims, "nbf", false, time)) return invalid_client("assertion " + *p);
  const auto jti = claims->string("jti");
  if (!jti || jti->empty() || jti->size() > kMaxJtiBytes) return invalid_client("assertion jti missing or too long");

  // T05: a jti is accepted once per client, across endpoints and instances, for as long as the
  // assertion could be valid.
  storage::SingleUseKey key{storage::TtlKind::client_assertion_jti, storage::hash_token(client->id() + '\n' + *jti),
                            std::chrono::seconds(exp - now_s + max_future_skew_.count())};
  return PendingAuthentication{client, std::move(key)};
}

Result<const RegisteredClient*> ClientAuthenticator::by_certificate(const RegisteredClient& client,
                                                                    const http::Peer& peer) const {
  if (!peer.certificate) return invalid_client("tls_client_auth without a client certificate");
  if (!client.subject_dn) return invalid_client("tls_client_auth client without a registered subject");
  const auto& cert = *peer.certificate;
  if (!cert.subject_der.empty() && subject_matches_->matched(client.id(), cert.subject_der)) return &client;
  const auto subject = cert.subject_der.empty() ? DistinguishedName::subject_of_certificate(cert.der)
                                                : DistinguishedName::from_der(cert.subject_der);
  if (!subject || !subject->matches(*client.subject_dn))
    return invalid_client("certificate subject does not match the registered subject DN");  // CA7, T09
  if (!cert.subject_der.empty()) subject_matches_->remember_match(client.id(), cert.subject_der);
  return &client;
}

Result<const RegisteredClient*> ClientAuthenticator::by_secret(const RegisteredClient& client,
                                                               const http::Params& form) const {
  const auto secret = form.get("client_secret");
  if (!secret || !client.config->client_secret) return invalid_client("client_secret missing");
  if (key_based(client.config->auth_method) || !client.config->client_secret->equals(*secret))
    return invalid_client("client_secret mismatch");
  return &client;
}

}  // namespace fapid::oauth
