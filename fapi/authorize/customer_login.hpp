#pragma once
// The customer's password check at the login page (issue 5): lockout after repeated failures, disabled
// accounts refused, hashes upgraded to the current parameters on a successful login, and the same work
// (one hash verification) whether or not the login exists, so timing does not tell which logins exist.
#include <optional>
#include <string_view>

#include "core/result.hpp"
#include "fapi/context.hpp"
#include "storage/user_repository.hpp"

namespace fapid::fapi {

enum class LoginVerdict { accepted, wrong_credentials, locked };

struct LoginResult {
  LoginVerdict verdict = LoginVerdict::wrong_credentials;
  std::optional<storage::UserRecord> user;  // when accepted
};

Result<LoginResult> check_login(const Context& ctx, std::string_view login, std::string_view password);

}  // namespace fapid::fapi
