#pragma once
// PBKDF2-HMAC (RFC 8018 §5.2) through OpenSSL. New hashes: $pbkdf2-sha256$i=<iter>,l=32$<salt>$<hash>.
// Imported passlib and Django encodings, and $pbkdf2-sha512$ (ours or passlib's), are checked too.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "users/password_hasher.hpp"
#include "users/scheme_support.hpp"

namespace fapid::users {

bool is_pbkdf2_encoding(std::string_view encoded);

Result<std::string> pbkdf2_hash(std::string_view password, const HashPolicy& policy);

Result<Checked> pbkdf2_verify(std::string_view password, std::string_view encoded, const HashPolicy& policy);

}  // namespace fapid::users
