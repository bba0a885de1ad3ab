#include "jose/compact_jws.hpp"

#include <algorithm>

#include "jose/base64url.hpp"
#include "jose/jws_verify.hpp"
#include "jose/strict_json.hpp"

namespace fapid::jose {

OAuthError jws_error(std::string_view description, std::string detail) {
  return {ErrorCode::invalid_request, std::string(description), "JWS: " + std::move(detail)};
}

bool is_compact_char(char c) { return c == '.' || is_base64url_alphabet(std::string_view(&c, 1)); }

std::optional<std::array<std::string_view, 3>> split_compact_jws(std::string_view compact) {
  std::array<std::string_view, 3> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t dot = compact.find('.', start);
    const bool last = i + 1 == parts.size();
    if (last != (dot == std::string_view::npos)) return std::nullopt;  // too few or too many dots
    parts[i] = compact.substr(start, last ? std::string_view::npos : dot - start);
    if (parts[i].empty()) return std::nullopt;
    start = dot + 1;
  }
  return parts;
}

Result<DecodedJws> decode_compact_jws(std::string_view compact, std::size_t max_bytes) {
  if (compact.size() > max_bytes) return jws_error(kMalformedJws, "larger than the limit");
  if (!std::all_of(compact.begin(), compact.end(), is_compact_char)) return jws_error(kMalformedJws, "bad character");
  auto parts = split_compact_jws(compact);
  if (!parts) return jws_error(kMalformedJws, "not three non-empty segments");
  const auto [header_b64, payload_b64, signature_b64] = *parts;

  auto header_json = base64url_decode(header_b64);
  if (!header_json) return jws_error(kMalformedJws, "header is not canonical base64url");
  auto header = parse_strict_json(*header_json);
  if (!header || !header->is_object()) return jws_error(kMalformedJws, "header is not a strict JSON object");
  auto payload = base64url_decode(payload_b64);
  if (!payload) return jws_error(kMalformedJws, "payload is not canonical base64url");
  auto payload_doc = parse_strict_json(*payload);
  if (!payload_doc || !payload_doc->is_object()) return jws_error(kMalformedJws, "payload is not a strict JSON object");
  auto signature = base64url_decode(signature_b64);
  if (!signature) return jws_error(kMalformedJws, "signature is not canonical base64url");
  return DecodedJws{std::move(*header_json), std::move(*header), std::move(*payload), std::move(*signature),
                    compact.substr(0, header_b64.size() + 1 + payload_b64.size())};
}

}  // namespace fapid::jose
