#include "fapi/consents/date_time.hpp"

#include <cstdio>

namespace fapid::fapi::consents {
namespace {

using namespace std::chrono;

constexpr int kMinYear = 1970;
constexpr int kMaxYear = 2200;
constexpr std::size_t kMaxFractionDigits = 9;

// `count` ASCII digits at `pos`, or -1.
int digits_at(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool fraction_then_z(std::string_view rest) {
  if (rest == "Z") return true;
  if (rest.size() < 3 || rest.size() > kMaxFractionDigits + 2 || rest.front() != '.' || rest.back() != 'Z') {
    return false;
  }
  return rest.substr(1, rest.size() - 2).find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<TimePoint> parse_date_time(std::string_view text) {
  // 0123456789012345678
  // YYYY-MM-DDThh:mm:ss
  if (text.size() < kWireDateTimeLength) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (!fraction_then_z(text.substr(19))) return std::nullopt;
  const int y = digits_at(text, 0, 4);
  const int mo = digits_at(text, 5, 2);
  const int d = digits_at(text, 8, 2);
  const int h = digits_at(text, 11, 2);
  const int mi = digits_at(text, 14, 2);
  const int s = digits_at(text, 17, 2);
  if (y < kMinYear || y > kMaxYear || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return std::nullopt;
  if (h > 23 || mi > 59 || s > 59) return std::nullopt;  // RFC 3339 allows :60, system_clock cannot hold it
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return TimePoint{sys_days{date} + hours{h} + minutes{mi} + seconds{s}};
}

std::string format_date_time(TimePoint t) {
  const auto secs = floor<seconds>(t);
  const auto midnight = floor<days>(secs);
  const year_month_day date{midnight};
  const hh_mm_ss time{secs - midnight};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out;
}

TimePoint twelve_months_after(TimePoint now) {
  const auto midnight = floor<days>(now);
  year_month_day date = year_month_day{midnight} + years{1};
  if (!date.ok()) date = year_month_day{date.year() / date.month() / last};
  return sys_days{date} + (now - midnight);
}

}  // namespace fapid::fapi::consents
