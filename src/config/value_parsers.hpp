#pragma once
// Parsers for the scalar forms the configuration uses (lists, durations, counts, scope tokens).
// Each returns nullopt/false on bad input; the caller adds the YAML path to the error.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapid::config {

inline constexpr std::chrono::milliseconds kMaxDuration = std::chrono::hours(24);

// Trims spaces, tabs and line breaks at both ends.
std::string_view trim(std::string_view text);

// "a, b,\n  c" -> {"a","b","c"}: the form existing deployments use, which may span line breaks.
// Items are trimmed and empty items dropped; duplicates are kept (the caller reports them).
std::vector<std::string> split_comma_list(std::string_view text);

// "<digits><unit>" with unit ms, s, m or h ("500ms", "10s", "2m"); at most kMaxDuration.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// Decimal digits only (no sign, no hex, no spaces), within uint64.
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool is_scope_token(std::string_view token);

// Printable ASCII without space (%x21-7E), non-empty: identifiers that appear in URLs and logs.
bool is_printable_id(std::string_view id);

// RFC 8141 §2 NID: 2 to 32 letters, digits or hyphens, the first and last a letter or digit.
bool is_urn_namespace(std::string_view nid);

// A user attribute that claimsByScope may name: sub, name, email, cpf, or attributes.<key> with the key
// 1 to kMaxUserAttributeNameBytes of [A-Za-z0-9_-].
bool is_user_attribute(std::string_view attribute);

// An unquoted PostgreSQL identifier we can splice into SQL safely: [a-z_][a-z0-9_]*, at most 63 bytes.
bool is_sql_identifier(std::string_view name);

}  // namespace fapid::config
