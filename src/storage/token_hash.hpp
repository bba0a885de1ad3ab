#pragma once
// Secrets at rest (issue 3): codes and tokens are random values of at least 128 bits, stored only
// as SHA-256 hashes. A preimage search on 128 random bits is out of reach, so no salt or slow hash
// is needed; a lookup by hash stays an index lookup.
#include <string>
#include <string_view>

namespace fapid::storage {

// Lowercase hex of SHA-256(value): 64 characters.
std::string hash_token(std::string_view value);

}  // namespace fapid::storage
