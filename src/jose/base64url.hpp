#pragma once
// Base64url without padding (RFC 7515 §2, RFC 4648 §5). Decoding is strict: only [A-Za-z0-9_-],
// no '=', no length ≡ 1 (mod 4), and only the canonical encoding (unused trailing bits zero), so one
// byte string has exactly one accepted text. The character check runs before cjose sees the input:
// cjose 0.6.2.1 asserts (aborts the process) on some malformed input (SPEC.md, Stack hazards).
#include <optional>
#include <string>
#include <string_view>

namespace fapid::jose {

// True if every character is in the base64url alphabet [A-Za-z0-9_-].
bool is_base64url_alphabet(std::string_view text);

std::string base64url_encode(std::string_view bytes);
// nullopt unless `text` is the canonical unpadded base64url encoding of some byte string.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace fapid::jose
