#include "nonfapi/backoffice/iso_duration.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace fapid::nonfapi::backoffice {
namespace {

struct Unit {
  char designator;
  bool time;  // after the "T"
  std::int64_t seconds;
};

// In the only order allowed.
constexpr std::array<Unit, 4> kUnits{{{'D', false, 86400}, {'H', true, 3600}, {'M', true, 60}, {'S', true, 1}}};

// 10^12 days is still far from overflowing int64 seconds (8.64e16), and far above any bound.
constexpr std::int64_t kSaturated = 1'000'000'000'000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::chrono::seconds> parse_iso_duration(std::string_view text) {
  if (text.size() < 3 || text.front() != 'P') return std::nullopt;
  std::size_t next_unit = 0;  // the first unit still allowed
  bool in_time = false;
  bool any = false;
  std::int64_t total = 0;
  for (std::size_t i = 1; i < text.size();) {
    if (text[i] == 'T') {
      if (in_time || i + 1 == text.size()) return std::nullopt;  // a second "T", or "T" with nothing after
      in_time = true;
      ++i;
      continue;
    }
    const std::size_t start = i;
    std::int64_t n = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) n = std::min(n * 10 + (text[i] - '0'), kSaturated);
    if (i == start || i == text.size()) return std::nullopt;  // no number, or a number without a designator
    const char designator = text[i++];
    std::size_t u = next_unit;
    while (u < kUnits.size() && (kUnits[u].designator != designator || kUnits[u].time != in_time)) ++u;
    if (u == kUnits.size()) return std::nullopt;  // unknown ("W", "Y", "." of a fraction), repeated, out of order
    next_unit = u + 1;
    total += n * kUnits[u].seconds;
    any = true;
  }
  if (!any) return std::nullopt;
  return std::chrono::seconds(total);
}

std::string format_iso_duration(std::chrono::seconds duration) {
  std::int64_t rest = duration.count();
  if (rest <= 0) return "PT0S";
  std::string out = "P";
  const std::int64_t days = rest / 86400;
  rest %= 86400;
  if (days > 0) out += std::to_string(days) + "D";
  if (rest == 0) return out;
  out += 'T';
  for (std::size_t u = 1; u < kUnits.size(); ++u) {
    const std::int64_t n = rest / kUnits[u].seconds;
    rest %= kUnits[u].seconds;
    if (n > 0) out += std::to_string(n) + kUnits[u].designator;
  }
  return out;
}

}  // namespace fapid::nonfapi::backoffice
