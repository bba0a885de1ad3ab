#include "http/request_id.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace fapid::http {

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 0xF]);
  }
  return out;
}

}  // namespace

RequestIds::RequestIds() {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("RAND_bytes failed while seeding request ids");
  prefix_ = hex(bytes.data(), bytes.size());
}

std::string RequestIds::next() {
  const std::uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  std::array<unsigned char, 8> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(n >> (56 - 8 * i));
  return prefix_ + hex(bytes.data(), bytes.size());
}

}  // namespace fapid::http
