#pragma once
// Which scopes a staff member's back-office token carries (issue 6, DESIGN.md Flows): what the portal
// asked for, that the IdP granted (its `scope`, or the scopes an IdP's roles map to), and that the
// portal client may have. An intersection, so no party can widen what another allowed.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fapid::federation {

// IdPs that express access as roles or groups: the values of one claim, each mapped to scopes.
struct RoleScopes {
  std::string claim;  // e.g. "groups" or "roles"; empty: no mapping
  std::map<std::string, std::vector<std::string>, std::less<>> scopes_by_value;
};

// requested ∩ (granted ∪ mapped from roles) ∩ allowed, in the order requested, without duplicates.
// `requested` and `granted` are space-delimited (RFC 6749 §3.3).
std::vector<std::string> translate_scopes(std::string_view requested, std::string_view granted,
                                          const std::vector<std::string>& from_roles,
                                          const std::vector<std::string>& allowed);

// The scopes the staff member's roles map to; `role_values` are the claim's values.
std::vector<std::string> scopes_of_roles(const RoleScopes& mapping, const std::vector<std::string>& role_values);

}  // namespace fapid::federation
