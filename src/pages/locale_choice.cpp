#include "pages/locale_choice.hpp"

#include <algorithm>
#include <optional>

namespace fapid::pages {
namespace {

// Longer header values are not parsed at all: no browser sends them, and they cost only work.
constexpr std::size_t kMaxHeaderLength = 1024;
constexpr std::size_t kMaxRanges = 32;
constexpr int kFullQuality = 1000;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view primary_subtag(std::string_view tag) { return tag.substr(0, tag.find('-')); }

// RFC 5646 §2.1 in its simple shape: 1–8 letters, then subtags of 1–8 letters or digits, split by '-'.
bool is_language_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  std::size_t start = 0;
  bool first = true;
  while (true) {
    const auto end = std::min(tag.find('-', start), tag.size());
    const auto sub = tag.substr(start, end - start);
    if (sub.empty() || sub.size() > 8) return false;
    for (char c : sub)
      if (!is_alpha(c) && !(is_digit(c) && !first)) return false;
    if (end == tag.size()) return true;
    start = end + 1;
    first = false;
  }
}

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> parse_qvalue(std::string_view v) {
  if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int q = (v[0] - '0') * kFullQuality;
  if (v.size() == 1) return q;
  if (v[1] != '.') return std::nullopt;
  int scale = 100;
  for (char c : v.substr(2)) {
    if (!is_digit(c)) return std::nullopt;
    q += (c - '0') * scale;
    scale /= 10;
  }
  return q <= kFullQuality ? std::optional<int>(q) : std::nullopt;
}

struct Range {
  std::string_view tag;  // a language tag or "*"
  int quality;
};

// One element of Accept-Language ("pt-BR;q=0.9"), or nothing when it is malformed.
std::optional<Range> parse_range(std::string_view element) {
  const auto semi = element.find(';');
  Range r{trim(element.substr(0, semi)), kFullQuality};
  if (r.tag != "*" && !is_language_tag(r.tag)) return std::nullopt;
  if (semi == std::string_view::npos) return r;
  const auto param = trim(element.substr(semi + 1));
  if (param.size() < 2 || lower(param[0]) != 'q' || param[1] != '=') return std::nullopt;
  const auto q = parse_qvalue(trim(param.substr(2)));
  if (!q) return std::nullopt;
  r.quality = *q;
  return r;
}

std::vector<Range> parse_accept_language(std::string_view header) {
  std::vector<Range> ranges;
  if (header.size() > kMaxHeaderLength) return ranges;
  std::size_t start = 0;
  while (start <= header.size() && ranges.size() < kMaxRanges) {
    const auto end = std::min(header.find(',', start), header.size());
    const auto element = trim(header.substr(start, end - start));
    if (!element.empty())
      if (auto r = parse_range(element)) ranges.push_back(*r);
    start = end + 1;
  }
  // Highest quality first; among equals, the header's order (RFC 9110 leaves it to us; browsers list by preference).
  std::stable_sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.quality > b.quality; });
  return ranges;
}

}  // namespace

std::string match_locale(std::string_view tag, const std::vector<std::string>& supported) {
  if (!is_language_tag(tag)) return {};
  for (const auto& s : supported)
    if (equals_ignoring_case(tag, s)) return s;
  for (const auto& s : supported)
    if (equals_ignoring_case(primary_subtag(tag), primary_subtag(s))) return s;
  return {};
}

std::string choose_locale(std::string_view ui_locales, std::string_view accept_language,
                          const std::vector<std::string>& supported, const std::string& fallback) {
  if (ui_locales.size() <= kMaxHeaderLength) {
    std::size_t start = 0;
    while (start < ui_locales.size()) {
      const auto end = std::min(ui_locales.find(' ', start), ui_locales.size());
      if (auto m = match_locale(ui_locales.substr(start, end - start), supported); !m.empty()) return m;
      start = end + 1;
    }
  }
  for (const auto& range : parse_accept_language(accept_language)) {
    if (range.quality == 0) break;  // sorted: every range from here on is "not acceptable"
    if (range.tag == "*") return fallback;
    if (auto m = match_locale(range.tag, supported); !m.empty()) return m;
  }
  return fallback;
}

}  // namespace fapid::pages
