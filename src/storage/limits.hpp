#pragma once
// Bounds on what callers may store: a bug upstream must not turn into an unbounded row or Redis value.
#include <cstddef>

#include "core/result.hpp"

namespace fapid::storage {

inline constexpr std::size_t kMaxKeyBytes = 256;            // keys are hashes or ids, never tokens
inline constexpr std::size_t kMaxValueBytes = 256 * 1024;   // a PAR entry holds a request object of a few KiB

// server_error when a key or value breaks the bounds above (a caller bug, never client input).
Result<void> check_ttl_entry(std::string_view key, std::string_view value);

}  // namespace fapid::storage
