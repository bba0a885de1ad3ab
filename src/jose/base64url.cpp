#include "jose/base64url.hpp"

#include <cjose/base64.h>
#include <cjose/util.h>

#include <cstdint>
#include <memory>

namespace fapid::jose {
namespace {

bool is_alphabet_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

struct CjoseFree {
  void operator()(void* p) const { cjose_get_dealloc()(p); }
};

}  // namespace

bool is_base64url_alphabet(std::string_view text) {
  for (char c : text) {
    if (!is_alphabet_char(c)) return false;
  }
  return true;
}

std::string base64url_encode(std::string_view bytes) {
  char* out = nullptr;
  std::size_t out_len = 0;
  cjose_err err{};
  if (!cjose_base64url_encode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), &out, &out_len,
                              &err)) {
    throw std::bad_alloc();  // cjose fails here only when out of memory
  }
  std::unique_ptr<char, CjoseFree> owned(out);
  return std::string(out, out_len);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  // Our own checks first: cjose must never see a character or length it could assert on.
  if (!is_base64url_alphabet(text) || text.size() % 4 == 1) return std::nullopt;
  if (text.empty()) return std::string{};
  std::uint8_t* out = nullptr;
  std::size_t out_len = 0;
  cjose_err err{};
  if (!cjose_base64url_decode(text.data(), text.size(), &out, &out_len, &err)) return std::nullopt;
  std::unique_ptr<std::uint8_t, CjoseFree> owned(out);
  std::string bytes(reinterpret_cast<const char*>(out), out_len);
  // Canonical form only: "AB" and "AC" decode alike in cjose; re-encoding tells them apart.
  if (base64url_encode(bytes) != text) return std::nullopt;
  return bytes;
}

}  // namespace fapid::jose
