#include "oauth/pkce.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <string>

#include "jose/base64url.hpp"

namespace fapid::oauth {

namespace {
constexpr std::size_t kChallengeLength = 43;
constexpr std::size_t kMinVerifier = 43;
constexpr std::size_t kMaxVerifier = 128;

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}
}  // namespace

bool is_valid_s256_challenge(std::string_view challenge) {
  return challenge.size() == kChallengeLength && jose::base64url_decode(challenge).has_value();
}

bool is_valid_verifier(std::string_view verifier) {
  if (verifier.size() < kMinVerifier || verifier.size() > kMaxVerifier) return false;
  for (char c : verifier)
    if (!unreserved(c)) return false;
  return true;
}

std::string s256_challenge(std::string_view verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return jose::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool verify_s256(std::string_view verifier, std::string_view challenge) {
  if (!is_valid_verifier(verifier) || challenge.size() != kChallengeLength) return false;
  const auto expected = s256_challenge(verifier);
  return expected.size() == challenge.size() && CRYPTO_memcmp(expected.data(), challenge.data(), expected.size()) == 0;
}

}  // namespace fapid::oauth
