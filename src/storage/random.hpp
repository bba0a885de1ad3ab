#pragma once
// Randomness is a port (STYLE.md, Storage), so tests can make identifiers predictable.
#include <string>

namespace fapid::storage {

class Random {
 public:
  virtual ~Random() = default;
  // A base64url string of `bytes` random bytes (at least 16: 128 bits) for codes, tokens, request URIs.
  virtual std::string token(std::size_t bytes = 32) = 0;
};

// OpenSSL's CSPRNG (RAND_bytes); aborts the process if it ever fails rather than issue a weak token.
class SystemRandom final : public Random {
 public:
  std::string token(std::size_t bytes = 32) override;
};

}  // namespace fapid::storage
