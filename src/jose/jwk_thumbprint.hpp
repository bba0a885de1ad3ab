#pragma once
// JWK Thumbprint (RFC 7638) with SHA-256, as DPoP binds tokens and codes to a key (RFC 9449 §6, `jkt`).
#include <optional>
#include <string>
#include <string_view>

namespace fapid::jose {

// base64url(SHA-256(canonical JWK)): the required members only, in lexicographic order, no whitespace
// (RFC 7638 §3.2): RSA {"e","kty","n"}, EC {"crv","kty","x","y"}. Other members (kid, alg, use, and
// any private ones) do not change it. nullopt if the text is not one strict JSON object, if kty is
// neither "RSA" nor "EC", or if a required member is missing or not a string. The key itself is not
// validated here: parse_public_jwk does that.
std::optional<std::string> jwk_thumbprint_sha256(std::string_view public_jwk_json);

}  // namespace fapid::jose
