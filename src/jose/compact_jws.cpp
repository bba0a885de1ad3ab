#include "jose/compact_jws.hpp"

#include "jose/base64url.hpp"

namespace fapid::jose {

OAuthError jws_error(std::string_view description, std::string detail) {
  return {ErrorCode::invalid_request, std::string(description), "JWS: " + std::move(detail)};
}

bool is_compact_char(char c) { return c == '.' || is_base64url_alphabet(std::string_view(&c, 1)); }

std::optional<std::array<std::string_view, 3>> split_compact_jws(std::string_view compact) {
  std::array<std::string_view, 3> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t dot = compact.find('.', start);
    const bool last = i + 1 == parts.size();
    if (last != (dot == std::string_view::npos)) return std::nullopt;  // too few or too many dots
    parts[i] = compact.substr(start, last ? std::string_view::npos : dot - start);
    if (parts[i].empty()) return std::nullopt;
    start = dot + 1;
  }
  return parts;
}

}  // namespace fapid::jose
