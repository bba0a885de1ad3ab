#pragma once
// Result<T> = boost::system::result<T, OAuthError>: compiles on GCC 12 and Clang 14 alike
// (std::expected does not on Clang 14 with libstdc++ 12, and libFuzzer needs Clang).
#include <boost/system/result.hpp>

#include "core/oauth_error.hpp"

namespace fapid {

template <class T>
using Result = boost::system::result<T, OAuthError>;

// Called by result<T, OAuthError>::value() on an error: that is a bug at the call site, so throw.
[[noreturn]] void throw_exception_from_error(const OAuthError& e, const boost::source_location& loc);

}  // namespace fapid
