#pragma once
// The base64 forms password-hash encodings use, over OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock:
// standard alphabet (RFC 4648 §4) with or without '=' padding, and passlib's "ab64" ('.' for '+',
// no padding). Decoding checks the alphabet and the length first: EVP_DecodeBlock skips whitespace
// and would accept more than one text per byte string.
#include <optional>
#include <string>
#include <string_view>

namespace fapid::users {

enum class Padding { none, required };

// Standard alphabet, no padding (the PHC string format).
std::string base64_encode_unpadded(std::string_view bytes);

std::optional<std::string> base64_decode(std::string_view text, Padding padding);

// passlib's ab64: base64 with '.' for '+' and no padding.
std::optional<std::string> ab64_decode(std::string_view text);

}  // namespace fapid::users
