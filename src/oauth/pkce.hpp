#pragma once
// PKCE (RFC 7636) with S256 only (SPEC P8, TK4): `plain` offers nothing against the attacks PKCE exists for.
#include <string>
#include <string_view>

namespace fapid::oauth {

// code_challenge: base64url(SHA-256(verifier)), so exactly 43 base64url characters (RFC 7636 §4.2).
bool is_valid_s256_challenge(std::string_view challenge);
// code_verifier: 43-128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).
bool is_valid_verifier(std::string_view verifier);
// True if `verifier` is well formed and hashes to `challenge` (compared in constant time).
bool verify_s256(std::string_view verifier, std::string_view challenge);
// The S256 challenge of a verifier, for when this server is the client (federation to an IdP).
std::string s256_challenge(std::string_view verifier);

}  // namespace fapid::oauth
