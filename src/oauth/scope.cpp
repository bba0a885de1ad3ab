#include "oauth/scope.hpp"

namespace fapid::oauth {

bool scope_contains(std::string_view scope, std::string_view token) {
  while (!scope.empty()) {
    const auto sp = scope.find(' ');
    if (scope.substr(0, sp) == token) return true;
    if (sp == std::string_view::npos) break;
    scope.remove_prefix(sp + 1);
  }
  return false;
}

bool scope_subset(std::string_view requested, std::string_view granted) {
  while (!requested.empty()) {
    const auto sp = requested.find(' ');
    const auto token = requested.substr(0, sp);
    if (token.empty() || !scope_contains(granted, token)) return false;
    if (sp == std::string_view::npos) break;
    requested.remove_prefix(sp + 1);
  }
  return true;
}

}  // namespace fapid::oauth
