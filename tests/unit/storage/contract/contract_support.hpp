#pragma once
// Shared by the contract suites.
#include <gtest/gtest.h>

#include <chrono>
#include <type_traits>
#include <utility>

#include "core/result.hpp"
#include "storage/records.hpp"

namespace fapid::storage::testing {

// Adapters keep whole milliseconds, so the suites build their times from those.
inline TimePoint whole_ms(TimePoint t) { return std::chrono::time_point_cast<std::chrono::milliseconds>(t); }

// Unwraps a result the test expects to succeed; a failure is reported with its private detail.
template <class T>
T ok(Result<T> r) {
  EXPECT_TRUE(r.has_value()) << (r.has_value() ? "" : r.error().detail);
  if constexpr (!std::is_void_v<T>) {
    if (!r.has_value()) return T{};
    return std::move(*r);
  }
}

}  // namespace fapid::storage::testing
