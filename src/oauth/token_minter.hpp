#pragma once
// Mints the tokens this server signs: JWT access tokens (RFC 9068), opaque access tokens and refresh
// tokens (random, ≥ 256 bits, K6), and ID tokens (OIDC Core §2). Nothing is stored here: callers
// record hashes through the grant repository.
#include <chrono>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "core/result.hpp"
#include "jose/alg.hpp"
#include "jose/key_store.hpp"
#include "storage/random.hpp"
#include "storage/records.hpp"

namespace fapid::oauth {

using TimePoint = std::chrono::system_clock::time_point;

// OIDC Core §3.3.2.11: base64url of the left-most half of SHA-256 (the hash of PS256 and ES256).
std::string half_hash(std::string_view value);

struct AccessTokenSpec {
  std::string issuer;
  std::string audience;
  std::string subject;     // the user, or the client for client_credentials (RFC 9068 §2.2)
  std::string client_id;
  std::string scope;
  std::string consent_id;  // "" when not consent-bound
  storage::Confirmation cnf;
  config::AccessTokenFormat format = config::AccessTokenFormat::jwt;
  bool self_contained = false;  // a JWT with no row behind it says so (self_contained_token.hpp)
  TimePoint now;
  std::chrono::seconds lifetime{0};
};

// An RFC 9068 JWT (typ at+jwt, signed with `alg`) or 32 random bytes, base64url (RFC 6749 charset, TK6).
Result<std::string> mint_access_token(const jose::KeyStore& keys, jose::Alg alg, const AccessTokenSpec& spec,
                                      storage::Random& random);

struct IdTokenSpec {
  std::string issuer;
  std::string subject;
  std::string audience;      // the client_id
  std::string nonce;         // "" when none was sent
  std::string claims_json;   // further claims (acr, auth_time, cpf, cnpj...) as a JSON object, "" for none
  std::string c_hash, s_hash, at_hash;  // "" to omit
  TimePoint now;
  std::chrono::seconds lifetime{0};
};

Result<std::string> mint_id_token(const jose::KeyStore& keys, jose::Alg alg, const IdTokenSpec& spec);

}  // namespace fapid::oauth
