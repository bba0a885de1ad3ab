#include "users/bcrypt_scheme.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <array>
#include <memory>

#include "users/hash_limits.hpp"

namespace fapid::users {

namespace {

constexpr std::array<std::string_view, 3> kPrefixes{"$2a$", "$2b$", "$2y$"};
constexpr std::size_t kEncodedBytes = 60;  // "$2b$" + 2-digit cost + "$" + 22 salt + 31 hash characters
constexpr std::size_t kPrefixAndCostBytes = 7;

bool is_bcrypt_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '/';
}

// bcrypt reads a C string and at most 72 bytes of it: anything after a NUL or beyond byte 72 would be
// ignored without a word, so such passwords are refused rather than matched on a prefix.
std::optional<OAuthError> refuse(std::string_view password) {
  if (password.size() > kMaxBcryptPasswordBytes)
    return refused_password("password longer than " + std::to_string(kMaxBcryptPasswordBytes) + " bytes");
  if (password.find('\0') != std::string_view::npos) return refused_password("password contains a NUL byte");
  return std::nullopt;
}

// crypt_data is ~32 KiB (too big for a worker's stack) and keeps a copy of the password: wiped after use.
struct CryptData {
  std::unique_ptr<crypt_data> data = std::make_unique<crypt_data>();
  ~CryptData() { OPENSSL_cleanse(data.get(), sizeof(crypt_data)); }
};

// crypt_rn: a null pointer on failure, never the "*0" failure token crypt_r may return.
std::optional<std::string> run_crypt(std::string_view password, const char* setting) {
  std::string phrase(password);
  CryptData scratch;
  const char* out = crypt_rn(phrase.c_str(), setting, scratch.data.get(), static_cast<int>(sizeof(crypt_data)));
  OPENSSL_cleanse(phrase.data(), phrase.size());
  if (out == nullptr) return std::nullopt;
  return std::string(out);
}

}  // namespace

bool is_bcrypt_encoding(std::string_view encoded) {
  for (const auto prefix : kPrefixes)
    if (encoded.substr(0, prefix.size()) == prefix) return true;
  return false;
}

Result<std::string> bcrypt_hash(std::string_view password, const HashPolicy& policy) {
  if (auto refused = refuse(password)) return *refused;
  if (policy.bcrypt_cost < kMinBcryptCost || policy.bcrypt_cost > kMaxBcryptCost)
    return unusable_hash("bcrypt policy out of bounds");
  const auto salt = random_salt(kSaltBytes);
  if (!salt) return unusable_hash("no random salt");
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> setting{};
  if (crypt_gensalt_rn("$2b$", policy.bcrypt_cost, salt->data(), static_cast<int>(salt->size()), setting.data(),
                       static_cast<int>(setting.size())) == nullptr)
    return unusable_hash("crypt_gensalt_rn failed");
  auto encoded = run_crypt(password, setting.data());
  if (!encoded || encoded->size() != kEncodedBytes) return unusable_hash("crypt_rn failed");
  return std::move(*encoded);
}

Result<Checked> bcrypt_verify(std::string_view password, std::string_view encoded, const HashPolicy& policy) {
  if (encoded.size() != kEncodedBytes || encoded[6] != '$') return unusable_hash("malformed bcrypt encoding");
  for (const char c : encoded.substr(kPrefixAndCostBytes))
    if (!is_bcrypt_char(c)) return unusable_hash("malformed bcrypt encoding");
  const auto cost = parse_u32(encoded.substr(4, 2));
  if (!cost || *cost < kMinBcryptCost) return unusable_hash("malformed bcrypt cost");
  if (*cost > kMaxBcryptCost) return unusable_hash("bcrypt cost " + std::to_string(*cost) + " above the bound");
  if (auto refused = refuse(password)) return *refused;
  const std::string setting(encoded);
  const auto computed = run_crypt(password, setting.c_str());
  if (!computed) return unusable_hash("crypt_rn failed");
  Checked checked;
  checked.matched = computed->size() == encoded.size() && CRYPTO_memcmp(computed->data(), encoded.data(), encoded.size()) == 0;
  checked.algorithm = HashAlgorithm::bcrypt;
  checked.weaker = *cost < policy.bcrypt_cost;
  return checked;
}

}  // namespace fapid::users
