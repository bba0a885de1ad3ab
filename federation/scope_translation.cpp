#include "federation/scope_translation.hpp"

#include <algorithm>

namespace fapid::federation {

namespace {

std::vector<std::string_view> tokens_of(std::string_view scope) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= scope.size()) {
    const auto end = std::min(scope.find(' ', start), scope.size());
    if (end > start) out.push_back(scope.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

template <class Range>
bool holds(const Range& range, std::string_view token) {
  return std::find(range.begin(), range.end(), token) != range.end();
}

}  // namespace

std::vector<std::string> translate_scopes(std::string_view requested, std::string_view granted,
                                          const std::vector<std::string>& from_roles,
                                          const std::vector<std::string>& allowed) {
  const auto granted_tokens = tokens_of(granted);
  std::vector<std::string> out;
  for (auto token : tokens_of(requested)) {
    if (holds(out, token) || !holds(allowed, token)) continue;
    if (holds(granted_tokens, token) || holds(from_roles, token)) out.emplace_back(token);
  }
  return out;
}

std::vector<std::string> scopes_of_roles(const RoleScopes& mapping, const std::vector<std::string>& role_values) {
  std::vector<std::string> out;
  for (const auto& value : role_values) {
    const auto it = mapping.scopes_by_value.find(value);
    if (it == mapping.scopes_by_value.end()) continue;
    for (const auto& scope : it->second)
      if (!holds(out, scope)) out.push_back(scope);
  }
  return out;
}

}  // namespace fapid::federation
