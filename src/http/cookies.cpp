#include "http/cookies.hpp"

#include <algorithm>
#include <cctype>

namespace fapid::http {

std::string cookie_value(const Request& req, std::string_view name) {
  const auto header = req.header("cookie");
  if (!header) return {};
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto end = std::min(rest.find(';'), rest.size());
    auto pair = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    const auto value = pair.substr(eq + 1);
    if (value.empty() || value.size() > kMaxCookieValue) return {};
    for (char c : value)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return {};
    return std::string(value);
  }
  return {};
}

std::string set_cookie(std::string_view name, std::string_view value, long max_age_seconds) {
  std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; Secure; HttpOnly; SameSite=Lax";
  if (max_age_seconds >= 0) out += "; Max-Age=" + std::to_string(max_age_seconds);
  return out;
}

}  // namespace fapid::http
