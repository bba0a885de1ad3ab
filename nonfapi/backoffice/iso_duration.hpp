#pragma once
// ISO 8601 durations (§4.4.3.2) in the subset the discovery API's `duration` needs ("PT2H30M"):
// PnDTnHnMnS, whole numbers only. Years, months and weeks are refused: a month has no fixed length,
// and an outage is announced in days at most.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fapid::nonfapi::backoffice {

// "P" [n "D"] ["T" [n "H"] [n "M"] [n "S"]], at least one component, none twice, in that order,
// uppercase; a "T" must be followed by a component. Numbers are ASCII digits (no sign, no fraction),
// any length: a huge one saturates far above every bound a caller checks. nullopt otherwise.
std::optional<std::chrono::seconds> parse_iso_duration(std::string_view text);

// The canonical form: days, hours, minutes, seconds, each only when non-zero ("P1DT2H", "PT45S");
// "PT0S" for zero or less.
std::string format_iso_duration(std::chrono::seconds duration);

}  // namespace fapid::nonfapi::backoffice
