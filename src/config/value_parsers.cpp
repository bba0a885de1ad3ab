#include "config/value_parsers.hpp"

#include <array>
#include <charconv>
#include <utility>

#include "config/limits.hpp"

namespace fapid::config {

namespace {

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split_comma_list(std::string_view text) {
  std::vector<std::string> items;
  while (true) {
    const auto comma = text.find(',');
    const auto item = trim(text.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  constexpr std::array<std::pair<std::string_view, std::int64_t>, 4> kUnits{{
      {"ms", 1}, {"s", 1000}, {"m", 60 * 1000}, {"h", 60 * 60 * 1000}}};
  const auto digits_end = text.find_first_not_of("0123456789");
  if (digits_end == 0 || digits_end == std::string_view::npos) return std::nullopt;  // no digits, or no unit
  const auto count = parse_unsigned(text.substr(0, digits_end));
  if (!count || *count > static_cast<std::uint64_t>(kMaxDuration.count())) return std::nullopt;
  for (const auto& [unit, factor] : kUnits) {
    if (text.substr(digits_end) != unit) continue;
    const auto ms = static_cast<std::int64_t>(*count) * factor;  // both bounded: no overflow
    if (ms > kMaxDuration.count()) return std::nullopt;
    return std::chrono::milliseconds(ms);
  }
  return std::nullopt;
}

bool is_scope_token(std::string_view token) {
  if (token.empty()) return false;
  for (const unsigned char c : token) {
    const bool ok = c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
    if (!ok) return false;
  }
  return true;
}

bool is_printable_id(std::string_view id) {
  if (id.empty()) return false;
  for (const unsigned char c : id)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

bool is_urn_namespace(std::string_view nid) {
  if (nid.size() < 2 || nid.size() > 32 || nid.front() == '-' || nid.back() == '-') return false;
  for (const char c : nid)
    if (!is_ascii_alnum(c) && c != '-') return false;
  return true;
}

bool is_user_attribute(std::string_view attribute) {
  for (const std::string_view fixed : {"sub", "name", "email", "cpf"})
    if (attribute == fixed) return true;
  constexpr std::string_view kPrefix = "attributes.";
  if (attribute.substr(0, kPrefix.size()) != kPrefix) return false;
  const auto key = attribute.substr(kPrefix.size());
  if (key.empty() || key.size() > kMaxUserAttributeNameBytes) return false;
  for (const char c : key)
    if (!is_ascii_alnum(c) && c != '_' && c != '-') return false;
  return true;
}

bool is_sql_identifier(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace fapid::config
