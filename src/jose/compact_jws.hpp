#pragma once
// The structural checks every compact JWS goes through before any decoder sees it (RFC 7515 §7.1;
// SPEC.md, Stack hazards). Internal to fapid_jose: jws_verify.cpp and embedded_key_jws.cpp share them.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace fapid::jose {

// invalid_request with a public description and a private "JWS: ..." detail.
OAuthError jws_error(std::string_view description, std::string detail);

// A character of the compact serialization: the base64url alphabet or '.'.
bool is_compact_char(char c);

// Exactly three non-empty segments (header, payload, signature).
std::optional<std::array<std::string_view, 3>> split_compact_jws(std::string_view compact);

// A compact JWS taken apart and decoded, not yet verified: size, alphabet and segments checked, header
// and payload strict JSON objects (no duplicate members), every segment canonical base64url.
struct DecodedJws {
  std::string header_json;
  nlohmann::json header;
  std::string payload;
  std::string signature;
  std::string_view signing_input;  // RFC 7515 §5.2 step 8: encoded header and payload as received
};

// Errors: invalid_request, public description kMalformedJws (jws_verify.hpp), detail naming the check.
Result<DecodedJws> decode_compact_jws(std::string_view compact, std::size_t max_bytes);

}  // namespace fapid::jose
