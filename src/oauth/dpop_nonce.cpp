#include "oauth/dpop_nonce.hpp"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "jose/base64url.hpp"

namespace fapid::oauth {
namespace {

constexpr std::string_view kLabel = "dpop-nonce";  // domain separation from other uses of the secret
constexpr std::size_t kWindowBytes = 8;
constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kNonceChars = ((kWindowBytes + kMacBytes) * 4 + 2) / 3;  // 24 octets: 32 characters

std::string big_endian(std::uint64_t value) {
  std::string out(kWindowBytes, '\0');
  for (std::size_t i = 0; i < kWindowBytes; ++i) {
    out[kWindowBytes - 1 - i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::uint64_t from_big_endian(std::string_view bytes) {
  std::uint64_t value = 0;
  for (char c : bytes.substr(0, kWindowBytes)) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

}  // namespace

DpopNonces::DpopNonces(std::string secret, const Clock& clock) : secret_(std::move(secret)), clock_(clock) {
  if (secret_.size() < kMinDpopNonceSecretBytes) {
    OPENSSL_cleanse(secret_.data(), secret_.size());
    throw std::invalid_argument("DPoP nonce secret shorter than 32 bytes");
  }
}

DpopNonces::~DpopNonces() { OPENSSL_cleanse(secret_.data(), secret_.size()); }

std::uint64_t DpopNonces::window_now() const {
  auto since_epoch = clock_.now().time_since_epoch();
  if (since_epoch.count() < 0) return 0;
  return static_cast<std::uint64_t>(std::chrono::floor<std::chrono::minutes>(since_epoch) / kDpopNonceWindow);
}

std::string DpopNonces::mac(std::uint64_t window) const {
  const std::string data = std::string(kLabel) + big_endian(window);
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  std::size_t length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret_.data(), secret_.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), out.size(),
                &length) == nullptr ||
      length < kMacBytes) {
    throw std::runtime_error("HMAC-SHA256 failed");  // OpenSSL without HMAC or SHA-256: a broken build
  }
  return std::string(reinterpret_cast<const char*>(out.data()), kMacBytes);
}

std::string DpopNonces::current() const {
  const std::uint64_t window = window_now();
  return jose::base64url_encode(big_endian(window) + mac(window));
}

bool DpopNonces::accepts(std::string_view nonce) const {
  if (nonce.size() != kNonceChars) return false;
  auto bytes = jose::base64url_decode(nonce);
  if (!bytes || bytes->size() != kWindowBytes + kMacBytes) return false;
  const std::uint64_t window = from_big_endian(*bytes);
  const std::uint64_t now = window_now();
  if (window != now && (now == 0 || window != now - 1)) return false;  // RFC 9449 §8: fresh nonces only
  const std::string expected = mac(window);
  return CRYPTO_memcmp(bytes->data() + kWindowBytes, expected.data(), kMacBytes) == 0;
}

}  // namespace fapid::oauth
