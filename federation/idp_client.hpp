#pragma once
// The institution's IdP as the server sees it: its discovery document and keys, fetched over HTTPS and
// cached (refetched when stale, and the keys once more when a token names a kid we do not know, so a
// key rotation at the IdP just works: ATTACKS.md F05), the authorization request a staff login starts
// with, and the code exchange with client_secret_post whose answer is validated in full (idp_tokens.hpp).
// Blocking: call it from the worker pool. Safe to share between threads.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "config/secret.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "federation/idp_metadata.hpp"
#include "federation/idp_tokens.hpp"
#include "http/https_client.hpp"
#include "jose/public_key_set.hpp"

namespace fapid::federation {

struct IdpSettings {
  std::string discovery_url;
  std::string client_id;
  config::Secret client_secret{""};
  std::chrono::seconds metadata_ttl{3600};
  std::chrono::seconds keys_ttl{3600};
  std::chrono::seconds min_key_refetch{10};  // at most one unknown-kid refetch per interval
  std::chrono::seconds max_skew{60};
  std::chrono::seconds max_id_token_age{600};
  std::string role_claim;  // federation.roleClaim; empty: roles are not read
};

// What the authorization request to the IdP carries (OIDC Core §3.1.2.1, RFC 7636).
struct IdpAuthorization {
  std::string redirect_uri;
  std::string scope;
  std::string state;
  std::string nonce;
  std::string code_challenge;  // S256
};

struct StaffLogin {
  StaffIdentity identity;
  std::string granted_scope;  // the access token's scope claim, else the response's scope, else requested
  std::string id_token;       // kept for the IdP's end_session_endpoint (id_token_hint)
  std::vector<std::string> roles;  // of the role claim, from the access token (a JWT) and the ID token
};

class IdpClient {
 public:
  IdpClient(IdpSettings settings, std::shared_ptr<const http::HttpsClient> https, const Clock& clock);

  Result<std::shared_ptr<const IdpMetadata>> metadata();
  Result<std::string> authorization_url(const IdpAuthorization& request);
  // `requested_scope` is what IdpAuthorization::scope asked, the grant when the IdP states none (RFC 6749 §5.1).
  Result<StaffLogin> complete_login(std::string_view code, std::string_view redirect_uri, std::string_view code_verifier,
                                    std::string_view nonce, std::string_view requested_scope);
  // The IdP's end_session_endpoint with the hint, our return address and `state` (RP-Initiated Logout
  // 1.0 §2); empty when the IdP publishes none.
  Result<std::string> end_session_url(std::string_view id_token_hint, std::string_view post_logout_redirect_uri,
                                      std::string_view state);

 private:
  Result<std::shared_ptr<const jose::PublicKeySet>> keys(bool refetch_for_unknown_kid);
  Result<std::string> fetch_json(const std::string& url, std::size_t max_bytes);
  Result<std::string> exchange_code(const IdpMetadata& idp, std::string_view code, std::string_view redirect_uri,
                                    std::string_view code_verifier);
  IdpExpectations expectations(const IdpMetadata& idp) const;

  IdpSettings settings_;
  std::string expected_issuer_;
  std::shared_ptr<const http::HttpsClient> https_;
  const Clock& clock_;
  std::mutex mutex_;  // guards the caches; held across a fetch so concurrent logins do not stampede the IdP
  std::shared_ptr<const IdpMetadata> metadata_;
  std::chrono::system_clock::time_point metadata_at_{};
  std::shared_ptr<const jose::PublicKeySet> keys_;
  std::chrono::system_clock::time_point keys_at_{};
  std::chrono::system_clock::time_point unknown_kid_refetch_at_{};  // the epoch: never
};

}  // namespace fapid::federation
