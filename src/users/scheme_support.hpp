#pragma once
// What the three hash schemes share: the outcome of a check, the two kinds of error, strict number
// parsing and salt generation. Internal to fapid_users.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "users/password_hasher.hpp"

namespace fapid::users {

struct Checked {
  bool matched = false;
  // The policy algorithm the hash was made with; nullopt for one the policy cannot name (argon2i,
  // PBKDF2-SHA512), which is always rehashed.
  std::optional<HashAlgorithm> algorithm;
  bool weaker = false;  // parameters below the policy's for that algorithm
};

// A stored hash we cannot or will not check: the server's data is wrong, not the user's input. The
// detail never contains the hash.
OAuthError unusable_hash(std::string detail);
// A password we refuse to hash or check; the description is public (it says only why).
OAuthError refused_password(std::string description);

// Decimal digits only, at most 10, within uint32.
std::optional<std::uint32_t> parse_u32(std::string_view digits);

// Splits on `separator`; nullopt if there would be more than `max_parts` parts (bounds the work).
std::optional<std::vector<std::string_view>> split(std::string_view text, char separator, std::size_t max_parts);

// `bytes` from OpenSSL's CSPRNG; nullopt if it fails (never a weak salt).
std::optional<std::string> random_salt(std::size_t bytes);

}  // namespace fapid::users
