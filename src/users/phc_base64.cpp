#include "users/phc_base64.hpp"

#include <openssl/evp.h>

#include "users/hash_limits.hpp"

namespace fapid::users {

namespace {

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string base64_encode_unpadded(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');  // + the NUL EVP_EncodeBlock writes
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, Padding padding) {
  if (text.size() > kMaxEncodedHashBytes) return std::nullopt;
  if (padding == Padding::required) {
    if (text.size() % 4 != 0) return std::nullopt;
    for (int i = 0; i < 2 && !text.empty() && text.back() == '='; ++i) text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) return std::nullopt;  // no byte string encodes to this length
  for (const char c : text)
    if (!is_base64_char(c)) return std::nullopt;
  std::string padded(text);
  const std::size_t pad = (4 - padded.size() % 4) % 4;
  padded.append(pad, '=');
  std::string out(padded.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(padded.data()), static_cast<int>(padded.size()));
  if (n < 0 || static_cast<std::size_t>(n) != out.size()) return std::nullopt;
  out.resize(out.size() - pad);  // EVP_DecodeBlock counts the padding as zero bytes
  return out;
}

std::optional<std::string> ab64_decode(std::string_view text) {
  std::string standard(text.substr(0, kMaxEncodedHashBytes + 1));
  for (char& c : standard) {
    if (c == '+') return std::nullopt;  // not in ab64's alphabet
    if (c == '.') c = '+';
  }
  return base64_decode(standard, Padding::none);
}

}  // namespace fapid::users
