#include "users/pbkdf2_scheme.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <tuple>

#include "users/hash_limits.hpp"
#include "users/phc_base64.hpp"

namespace fapid::users {

namespace {

constexpr std::size_t kMaxSaltBytes = 128;  // generous: Django salts are text (22 characters since 3.1)
constexpr std::size_t kMinHashBytes = 16;
constexpr std::size_t kMaxHashBytes = 64;

enum class Digest { sha256, sha512 };

struct Pbkdf2Params {
  Digest digest;
  std::uint32_t iterations;
  std::string salt;  // the bytes PBKDF2 takes
  std::string hash;
};

struct Prefix {
  std::string_view text;
  Digest digest;
  bool django;
};
constexpr std::array<Prefix, 3> kPrefixes{{
    {"$pbkdf2-sha256$", Digest::sha256, false},
    {"$pbkdf2-sha512$", Digest::sha512, false},
    {"pbkdf2_sha256$", Digest::sha256, true},
}};

const Prefix* prefix_of(std::string_view encoded) {
  for (const auto& p : kPrefixes)
    if (encoded.substr(0, p.text.size()) == p.text) return &p;
  return nullptr;
}

bool is_printable_salt(std::string_view salt) {
  for (const unsigned char c : salt)
    if (c < 0x21 || c > 0x7E) return false;
  return true;
}

// The three forms differ in how the iteration count, salt and hash are written:
//   ours     $pbkdf2-sha256$i=<iter>,l=<len>$<b64 salt>$<b64 hash>   (unpadded)
//   passlib  $pbkdf2-sha256$<iter>$<ab64 salt>$<ab64 hash>
//   Django   pbkdf2_sha256$<iter>$<salt text>$<padded b64 hash>
Result<Pbkdf2Params> parse(std::string_view encoded, const Prefix& prefix) {
  const auto parts = split(encoded.substr(prefix.text.size()), '$', 3);
  if (!parts || parts->size() != 3) return unusable_hash("malformed pbkdf2 encoding");
  const auto [costs, salt_text, hash_text] = std::tie((*parts)[0], (*parts)[1], (*parts)[2]);
  std::optional<std::uint32_t> iterations, length;
  std::optional<std::string> salt, hash;
  if (prefix.django) {
    iterations = parse_u32(costs);
    if (!salt_text.empty() && salt_text.size() <= kMaxSaltBytes && is_printable_salt(salt_text)) salt = std::string(salt_text);
    hash = base64_decode(hash_text, Padding::required);
  } else if (costs.substr(0, 2) == "i=") {
    const auto comma = costs.find(",l=");
    if (comma == std::string_view::npos) return unusable_hash("malformed pbkdf2 parameters");
    iterations = parse_u32(costs.substr(2, comma - 2));
    length = parse_u32(costs.substr(comma + 3));
    if (!length) return unusable_hash("malformed pbkdf2 parameters");
    salt = base64_decode(salt_text, Padding::none);
    hash = base64_decode(hash_text, Padding::none);
  } else {
    iterations = parse_u32(costs);
    salt = ab64_decode(salt_text);
    hash = ab64_decode(hash_text);
  }
  if (!iterations || !salt || !hash) return unusable_hash("malformed pbkdf2 encoding");
  if (*iterations < kMinPbkdf2Iterations || *iterations > kMaxPbkdf2Iterations)
    return unusable_hash("pbkdf2 iterations " + std::to_string(*iterations) + " out of bounds");
  if (length && *length != hash->size()) return unusable_hash("pbkdf2 length does not match the hash");
  if (salt->empty() || salt->size() > kMaxSaltBytes || hash->size() < kMinHashBytes || hash->size() > kMaxHashBytes)
    return unusable_hash("pbkdf2 salt or hash length out of bounds");
  return Pbkdf2Params{prefix.digest, *iterations, std::move(*salt), std::move(*hash)};
}

std::optional<std::string> derive(std::string_view password, std::string_view salt, std::uint32_t iterations,
                                  Digest digest, std::size_t length) {
  std::string out(length, '\0');
  const EVP_MD* md = digest == Digest::sha256 ? EVP_sha256() : EVP_sha512();
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                        static_cast<int>(iterations), md, static_cast<int>(length),
                        reinterpret_cast<unsigned char*>(out.data())) != 1)
    return std::nullopt;
  return out;
}

}  // namespace

bool is_pbkdf2_encoding(std::string_view encoded) { return prefix_of(encoded) != nullptr; }

Result<std::string> pbkdf2_hash(std::string_view password, const HashPolicy& policy) {
  if (policy.pbkdf2_iterations < kMinPbkdf2Iterations || policy.pbkdf2_iterations > kMaxPbkdf2Iterations)
    return unusable_hash("pbkdf2 policy out of bounds");
  const auto salt = random_salt(kSaltBytes);
  if (!salt) return unusable_hash("no random salt");
  auto hash = derive(password, *salt, policy.pbkdf2_iterations, Digest::sha256, kHashBytes);
  if (!hash) return unusable_hash("PKCS5_PBKDF2_HMAC failed");
  return "$pbkdf2-sha256$i=" + std::to_string(policy.pbkdf2_iterations) + ",l=" + std::to_string(kHashBytes) + "$" +
         base64_encode_unpadded(*salt) + "$" + base64_encode_unpadded(*hash);
}

Result<Checked> pbkdf2_verify(std::string_view password, std::string_view encoded, const HashPolicy& policy) {
  const Prefix* prefix = prefix_of(encoded);
  if (prefix == nullptr) return unusable_hash("not a pbkdf2 encoding");
  auto params = parse(encoded, *prefix);
  if (!params) return params.error();
  auto computed = derive(password, params->salt, params->iterations, params->digest, params->hash.size());
  if (!computed) return unusable_hash("PKCS5_PBKDF2_HMAC failed");
  Checked checked;
  checked.matched = CRYPTO_memcmp(computed->data(), params->hash.data(), computed->size()) == 0;
  OPENSSL_cleanse(computed->data(), computed->size());
  if (params->digest == Digest::sha256) checked.algorithm = HashAlgorithm::pbkdf2_sha256;
  checked.weaker = params->iterations < policy.pbkdf2_iterations || params->salt.size() < kSaltBytes ||
                   params->hash.size() < kHashBytes;
  return checked;
}

}  // namespace fapid::users
