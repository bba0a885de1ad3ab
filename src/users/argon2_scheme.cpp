#include "users/argon2_scheme.hpp"

#include <argon2.h>

#include <cstdint>

#include "users/hash_limits.hpp"
#include "users/phc_base64.hpp"

namespace fapid::users {

namespace {

constexpr std::string_view kArgon2id = "$argon2id$";
constexpr std::string_view kArgon2i = "$argon2i$";
constexpr std::size_t kMinSaltBytes = ARGON2_MIN_SALT_LENGTH;  // 8
constexpr std::size_t kMaxSaltBytes = 64;
constexpr std::size_t kMinHashBytes = 16;
constexpr std::size_t kMaxHashBytes = 64;

struct Argon2Params {
  argon2_type type;
  std::uint32_t version;
  std::uint32_t memory_kib;
  std::uint32_t iterations;
  std::uint32_t parallelism;
  std::size_t salt_bytes;
  std::size_t hash_bytes;
};

// "m=<n>,t=<n>,p=<n>", in that order, as libargon2 writes and requires it.
bool parse_costs(std::string_view text, Argon2Params& out) {
  const auto fields = split(text, ',', 3);
  if (!fields || fields->size() != 3) return false;
  std::uint32_t* targets[] = {&out.memory_kib, &out.iterations, &out.parallelism};
  constexpr std::string_view kNames[] = {"m=", "t=", "p="};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto field = (*fields)[i];
    if (field.substr(0, 2) != kNames[i]) return false;
    const auto value = parse_u32(field.substr(2));
    if (!value) return false;
    *targets[i] = *value;
  }
  return true;
}

// $argon2{i,id}[$v=<16|19>]$m=..,t=..,p=..$<salt>$<hash>; the version defaults to 16, as in libargon2.
Result<Argon2Params> parse(std::string_view encoded) {
  const auto parts = split(encoded, '$', 6);
  if (!parts || parts->size() < 5) return unusable_hash("malformed argon2 encoding");
  Argon2Params p{};
  p.type = (*parts)[1] == "argon2id" ? Argon2_id : Argon2_i;
  std::size_t next = 2;
  p.version = ARGON2_VERSION_10;
  if (parts->size() == 6) {
    const auto v = (*parts)[next++];
    if (v != "v=16" && v != "v=19") return unusable_hash("unsupported argon2 version");
    p.version = v == "v=19" ? ARGON2_VERSION_13 : ARGON2_VERSION_10;
  }
  if (!parse_costs((*parts)[next++], p)) return unusable_hash("malformed argon2 parameters");
  const auto salt = base64_decode((*parts)[next++], Padding::none);
  const auto hash = base64_decode((*parts)[next], Padding::none);
  if (!salt || !hash) return unusable_hash("malformed argon2 salt or hash");
  p.salt_bytes = salt->size();
  p.hash_bytes = hash->size();
  if (p.memory_kib > kMaxArgon2MemoryKib || p.iterations > kMaxArgon2Iterations ||
      p.parallelism > kMaxArgon2Parallelism)
    return unusable_hash("argon2 parameters above the bounds (m " + std::to_string(p.memory_kib) + " KiB, t " +
                         std::to_string(p.iterations) + ", p " + std::to_string(p.parallelism) + ")");
  if (p.iterations < 1 || p.parallelism < 1 || p.memory_kib < 8 * p.parallelism)
    return unusable_hash("argon2 parameters below the algorithm's minimum");
  if (p.salt_bytes < kMinSaltBytes || p.salt_bytes > kMaxSaltBytes || p.hash_bytes < kMinHashBytes ||
      p.hash_bytes > kMaxHashBytes)
    return unusable_hash("argon2 salt or hash length out of bounds");
  return p;
}

bool within_bounds(const HashPolicy& policy) {
  const auto p = policy.argon2_parallelism;
  return policy.argon2_iterations >= 1 && policy.argon2_iterations <= kMaxArgon2Iterations && p >= 1 &&
         p <= kMaxArgon2Parallelism && policy.argon2_memory_kib >= 8 * p && policy.argon2_memory_kib <= kMaxArgon2MemoryKib;
}

}  // namespace

bool is_argon2_encoding(std::string_view encoded) {
  return encoded.substr(0, kArgon2id.size()) == kArgon2id || encoded.substr(0, kArgon2i.size()) == kArgon2i;
}

Result<std::string> argon2id_hash(std::string_view password, const HashPolicy& policy) {
  if (!within_bounds(policy)) return unusable_hash("argon2 policy out of bounds");
  const auto salt = random_salt(kSaltBytes);
  if (!salt) return unusable_hash("no random salt");
  const auto t = policy.argon2_iterations, m = policy.argon2_memory_kib, p = policy.argon2_parallelism;
  std::string encoded(argon2_encodedlen(t, m, p, kSaltBytes, kHashBytes, Argon2_id), '\0');
  const int rc = argon2id_hash_encoded(t, m, p, password.data(), password.size(), salt->data(), salt->size(),
                                       kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return unusable_hash(std::string("argon2: ") + argon2_error_message(rc));
  encoded.resize(encoded.find('\0'));  // argon2_encodedlen counts the NUL and is an upper bound
  return encoded;
}

Result<Checked> argon2_verify(std::string_view password, std::string_view encoded, const HashPolicy& policy) {
  auto params = parse(encoded);
  if (!params) return params.error();
  const std::string text(encoded);  // libargon2 wants a NUL-terminated string
  const int rc = params->type == Argon2_id ? argon2id_verify(text.c_str(), password.data(), password.size())
                                           : argon2i_verify(text.c_str(), password.data(), password.size());
  if (rc == ARGON2_VERIFY_MISMATCH) return Checked{};
  if (rc != ARGON2_OK) return unusable_hash(std::string("argon2: ") + argon2_error_message(rc));
  Checked checked;
  checked.matched = true;
  if (params->type == Argon2_id) checked.algorithm = HashAlgorithm::argon2id;
  checked.weaker = params->version != ARGON2_VERSION_13 || params->memory_kib < policy.argon2_memory_kib ||
                   params->iterations < policy.argon2_iterations || params->parallelism < policy.argon2_parallelism ||
                   params->salt_bytes < kSaltBytes || params->hash_bytes < kHashBytes;
  return checked;
}

}  // namespace fapid::users
