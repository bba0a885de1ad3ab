#pragma once
// Bounds on what the hasher makes and checks. A stored hash is data that could have been tampered with
// or imported carelessly: its parameters decide how much memory and time a login costs, so they are
// checked against these bounds before any work is done. The configuration's ranges (src/config) are
// narrower; these are the outer limits that still allow imported hashes and small test parameters.
#include <cstddef>
#include <cstdint>

namespace fapid::users {

inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr std::size_t kMaxEncodedHashBytes = 512;  // the longest supported encoding is ~200

inline constexpr std::size_t kSaltBytes = 16;  // of new hashes; imported ones with less are rehashed
inline constexpr std::size_t kHashBytes = 32;  // likewise

inline constexpr std::uint32_t kMaxArgon2MemoryKib = 1024 * 1024;  // 1 GiB
inline constexpr std::uint32_t kMaxArgon2Iterations = 20;
inline constexpr std::uint32_t kMaxArgon2Parallelism = 16;

inline constexpr unsigned kMinBcryptCost = 4;   // the algorithm's own minimum
inline constexpr unsigned kMaxBcryptCost = 15;  // ~2 s per check on one core (cost 12: ~0.28 s here)
inline constexpr std::size_t kMaxBcryptPasswordBytes = 72;  // bcrypt ignores the rest

inline constexpr std::uint32_t kMinPbkdf2Iterations = 1'000;
inline constexpr std::uint32_t kMaxPbkdf2Iterations = 10'000'000;

}  // namespace fapid::users
