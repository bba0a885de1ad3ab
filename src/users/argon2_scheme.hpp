#pragma once
// argon2id (RFC 9106) through libargon2's encoded PHC strings; imported argon2i is checked too.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "users/password_hasher.hpp"
#include "users/scheme_support.hpp"

namespace fapid::users {

bool is_argon2_encoding(std::string_view encoded);

Result<std::string> argon2id_hash(std::string_view password, const HashPolicy& policy);

// Parameters are read and bounded before libargon2 allocates `m` KiB and runs `t` passes.
Result<Checked> argon2_verify(std::string_view password, std::string_view encoded, const HashPolicy& policy);

}  // namespace fapid::users
