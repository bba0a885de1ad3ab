#pragma once
// bcrypt through libxcrypt (crypt_gensalt_rn, crypt_rn): new hashes are $2b$; imported $2a$ and $2y$
// are checked too ($2x$, the old buggy variant, is not).
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "users/password_hasher.hpp"
#include "users/scheme_support.hpp"

namespace fapid::users {

bool is_bcrypt_encoding(std::string_view encoded);

Result<std::string> bcrypt_hash(std::string_view password, const HashPolicy& policy);

Result<Checked> bcrypt_verify(std::string_view password, std::string_view encoded, const HashPolicy& policy);

}  // namespace fapid::users
