#pragma once
// Scope strings (RFC 6749 §3.3): space-delimited, case-sensitive tokens.
#include <string_view>

namespace fapid::oauth {

bool scope_contains(std::string_view scope, std::string_view token);
// True if every token of `requested` is in `granted` (an empty token, from a double space, never is).
bool scope_subset(std::string_view requested, std::string_view granted);

}  // namespace fapid::oauth
