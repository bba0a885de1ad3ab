#include "users/scheme_support.hpp"

#include <openssl/rand.h>

#include <charconv>

namespace fapid::users {

OAuthError unusable_hash(std::string detail) {
  return {ErrorCode::server_error, "internal error", "password hash: " + std::move(detail)};
}

OAuthError refused_password(std::string description) { return {ErrorCode::invalid_request, std::move(description)}; }

std::optional<std::uint32_t> parse_u32(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  for (const char c : digits)
    if (c < '0' || c > '9') return std::nullopt;
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<std::vector<std::string_view>> split(std::string_view text, char separator, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (true) {
    if (parts.size() == max_parts) return std::nullopt;
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::optional<std::string> random_salt(std::size_t bytes) {
  std::string salt(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1) return std::nullopt;
  return salt;
}

}  // namespace fapid::users
