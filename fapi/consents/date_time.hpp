#pragma once
// Date-times of the consents API: RFC 3339 in UTC with a 'Z' ("2021-05-21T08:30:00Z"), as every
// *DateTime field of the Open Finance Brasil consents API v3 is written.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fapid::fapi::consents {

using TimePoint = std::chrono::system_clock::time_point;

// The wire form has exactly this many characters (the spec's maxLength 20 and its pattern).
inline constexpr std::size_t kWireDateTimeLength = 20;

// "YYYY-MM-DDThh:mm:ssZ" with an optional fraction of 1 to 9 digits before the 'Z', accepted and dropped.
// Refused: another offset or a lowercase 't'/'z', a field out of range, a day the month does not have, a
// leap second (23:59:60), and years outside 1970-2200 (system_clock counts 64-bit nanoseconds here, so
// years past 2262 do not fit; no consent date is anywhere near either bound).
std::optional<TimePoint> parse_date_time(std::string_view text);

// The wire form, truncated to the second (times before 1970 round down, like any floor).
std::string format_date_time(TimePoint t);

// The latest expirationDateTime accepted at `now`: "não pode ultrapassar 12 meses" (consents API v3,
// CreateConsent.expirationDateTime), read as the same time of day 12 calendar months later; from 29
// February that is 28 February, the shorter of the two readings.
TimePoint twelve_months_after(TimePoint now);

}  // namespace fapid::fapi::consents
