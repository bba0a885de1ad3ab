#include "http/utf8.hpp"

#include <cstddef>
#include <cstdint>

namespace fapid::http {

bool is_valid_utf8(std::string_view s) {
  // The byte ranges of RFC 3629 §4 (UTF8-2 .. UTF8-4), checked table-free.
  std::size_t i = 0;
  const auto n = s.size();
  auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  auto tail = [&](std::size_t k, std::uint8_t lo, std::uint8_t hi) {
    return k < n && byte(k) >= lo && byte(k) <= hi;
  };
  while (i < n) {
    const std::uint8_t b = byte(i);
    if (b < 0x80) { i += 1; continue; }
    if (b >= 0xC2 && b <= 0xDF) {
      if (!tail(i + 1, 0x80, 0xBF)) return false;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      const std::uint8_t lo = b == 0xE0 ? 0xA0 : 0x80;  // E0: no overlong
      const std::uint8_t hi = b == 0xED ? 0x9F : 0xBF;  // ED: no surrogates
      if (!tail(i + 1, lo, hi) || !tail(i + 2, 0x80, 0xBF)) return false;
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      const std::uint8_t lo = b == 0xF0 ? 0x90 : 0x80;  // F0: no overlong
      const std::uint8_t hi = b == 0xF4 ? 0x8F : 0xBF;  // F4: nothing above U+10FFFF
      if (!tail(i + 1, lo, hi) || !tail(i + 2, 0x80, 0xBF) || !tail(i + 3, 0x80, 0xBF)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace fapid::http
