#pragma once
// Authenticates the caller of a direct endpoint (PAR, token, introspection, revocation) by the one
// method its registration fixes (SPEC CA1, CA6, RFC 6749 §2.3: never more than one method at once):
//   private_key_jwt  RFC 7523 §3 assertion, rules CA2-CA5, `jti` single use through the TTL store;
//   tls_client_auth  RFC 8705 §2.1.2, the certificate subject matched as a distinguished name (CA7);
//   client_secret_*  constant-time comparison (non-FAPI clients only).
// Every failure is the same public invalid_client (no oracle); the reason goes to the log only.
// A store outage is temporarily_unavailable, never invalid_client (DESIGN.md, Storage).
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "jose/alg.hpp"
#include "oauth/client_registry.hpp"
#include "oauth/subject_match_memo.hpp"
#include "storage/grant_repository.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::oauth {

inline constexpr std::string_view kJwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
// An assertion living longer is refused, so the replay cache stays bounded (ATTACKS.md T07).
inline constexpr std::chrono::seconds kMaxAssertionLifetime{300};

// What a client's profile accepts in its assertions: audiences (CA3 or CA4) and algorithms (K3).
struct AssertionRules {
  std::vector<std::string> audiences;
  bool allow_array_audience = true;
  std::vector<jose::Alg> algs;
};

struct ClientAuthPolicy {
  // Which registered clients this endpoint serves at all (a tree serves only its own clients).
  std::function<bool(const config::Client&)> eligible;
  std::function<AssertionRules(const RegisteredClient&)> assertion_rules;
};

// A client authenticated but for one step left to the caller: taking its assertion's `jti`, so that
// the token endpoint can take it in the same transaction as the grant it creates
// (GrantRepository::create_grant_once). Until then the jti is only known not to be taken yet.
struct PendingAuthentication {
  const RegisteredClient* client = nullptr;
  std::optional<storage::SingleUseKey> assertion_jti;  // private_key_jwt only
};

class ClientAuthenticator {
 public:
  ClientAuthenticator(std::shared_ptr<const ClientRegistry> registry, std::shared_ptr<storage::TtlStore> ttl,
                      const Clock& clock, std::chrono::seconds max_future_skew);

  // `authorization` is the Authorization header, if any (HTTP Basic is refused for key-based clients).
  Result<const RegisteredClient*> authenticate(const http::Params& form, const http::Peer& peer,
                                               std::optional<std::string_view> authorization,
                                               const ClientAuthPolicy& policy) const;

  // authenticate() for a caller that may take the assertion's jti in a write of its own. For a client
  // `defer` picks, the jti is only checked not taken yet and is left pending: the caller must take it on
  // every path, failures included, in that write (create_grant_once) or with take_jti. For any other
  // client it is taken here, as authenticate() does, and nothing is left pending.
  Result<PendingAuthentication> authenticate_pending_jti(const http::Params& form, const http::Peer& peer,
                                                         std::optional<std::string_view> authorization,
                                                         const ClientAuthPolicy& policy,
                                                         const std::function<bool(const RegisteredClient&)>& defer) const;
  // Takes a pending jti (and empties it): invalid_client when it was taken already (T05).
  Result<void> take_jti(std::optional<storage::SingleUseKey>& jti) const;

  const ClientRegistry& registry() const { return *registry_; }
  const SubjectMatchMemo& subject_matches() const { return *subject_matches_; }  // for tests

 private:
  // Every check but taking the jti.
  Result<PendingAuthentication> identify(const http::Params& form, const http::Peer& peer,
                                         std::optional<std::string_view> authorization, const ClientAuthPolicy& policy) const;
  Result<PendingAuthentication> by_assertion(const http::Params& form, const ClientAuthPolicy& policy) const;
  Result<const RegisteredClient*> by_certificate(const RegisteredClient& client, const http::Peer& peer) const;
  Result<const RegisteredClient*> by_secret(const RegisteredClient& client, const http::Params& form) const;

  std::shared_ptr<const ClientRegistry> registry_;
  std::shared_ptr<storage::TtlStore> ttl_;
  const Clock& clock_;
  std::chrono::seconds max_future_skew_;
  std::unique_ptr<SubjectMatchMemo> subject_matches_;  // tls_client_auth: matches already decided
};

}  // namespace fapid::oauth
