#pragma once
// RFC 8414 §2.1 signed metadata: the document's values again as claims of a JWT signed with the
// server's active key, so a client that pinned the server's JWKS can check the metadata did not
// change in transit or in a cache. It is also the first thing the server signs that anyone can fetch.
#include <string>

namespace fapid::jose {
class KeyStore;
}

namespace fapid::oidc {

// `document` (a JSON object with "issuer") plus "signed_metadata": a compact JWS (typ "JWT") over the
// same members and "iss" (RFC 8414 §2.1 requires it), signed with the first active signing key
// (PS256 before ES256). Throws std::runtime_error when no key can sign: a start-up error.
std::string with_signed_metadata(const std::string& document, const jose::KeyStore& keys);

}  // namespace fapid::oidc
