#pragma once
// Server-provided DPoP nonces (RFC 9449 §8), stateless so that any instance accepts another's:
//   nonce = base64url(window(8 octets, big-endian) || HMAC-SHA256(secret, "dpop-nonce" || window)[0..16])
// with window = floor(unix time / 5 min). current() is the nonce of the current window; accepts()
// takes the current and the previous window's, so a nonce lives 5 to 10 minutes. Comparison is
// constant-time. Thread-safe: the object is immutable after construction.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace fapid::oauth {

inline constexpr std::chrono::minutes kDpopNonceWindow{5};
inline constexpr std::size_t kMinDpopNonceSecretBytes = 32;

class DpopNonces {
 public:
  // `secret`: at least kMinDpopNonceSecretBytes (configuration, or random for a single instance);
  // shorter throws std::invalid_argument (a start-up error). `clock` must outlive this object.
  DpopNonces(std::string secret, const Clock& clock);
  ~DpopNonces();  // wipes the secret
  DpopNonces(const DpopNonces&) = delete;
  DpopNonces& operator=(const DpopNonces&) = delete;

  std::string current() const;
  bool accepts(std::string_view nonce) const;

 private:
  std::uint64_t window_now() const;
  std::string mac(std::uint64_t window) const;  // the 16 truncated HMAC octets

  std::string secret_;
  const Clock& clock_;
};

}  // namespace fapid::oauth
