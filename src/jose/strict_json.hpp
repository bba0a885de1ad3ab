#pragma once
// JSON from untrusted JOSE input, parsed strictly: valid UTF-8 (nlohmann checks it), no duplicate
// object members (RFC 7515 §4: reject or take the last; we reject, so no two parsers disagree),
// and a nesting limit (ATTACKS.md A13). Internal to fapid_jose: public headers stay free of nlohmann.
#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fapid::jose {

inline constexpr std::size_t kMaxJsonDepth = 16;  // JOSE headers, JWKS and claims are shallow

// nullopt on any syntax error, duplicate member or nesting deeper than `max_depth`.
// Never throws on malformed input.
std::optional<nlohmann::json> parse_strict_json(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace fapid::jose
