#pragma once
// Shared by the password-hash tests: policies small enough that the whole binary runs in a few
// seconds, and assertions on a Result's verdict or error code.
#include <gtest/gtest.h>

#include <string>

#include "users/password_hasher.hpp"

namespace fapid::users::test {

// argon2 m=64 KiB t=1 p=1, bcrypt cost 4, PBKDF2 1000 iterations: the smallest each bound allows.
inline HashPolicy fast_policy(HashAlgorithm algorithm) {
  HashPolicy p;
  p.algorithm = algorithm;
  p.argon2_memory_kib = 64;
  p.argon2_iterations = 1;
  p.argon2_parallelism = 1;
  p.bcrypt_cost = 4;
  p.pbkdf2_iterations = 1000;
  return p;
}

inline PasswordHasher fast_hasher(HashAlgorithm algorithm) { return PasswordHasher(fast_policy(algorithm)); }

inline const char* name(Verdict v) {
  switch (v) {
    case Verdict::mismatch: return "mismatch";
    case Verdict::match: return "match";
    case Verdict::match_needs_rehash: return "match_needs_rehash";
  }
  return "?";
}

template <class T>
::testing::AssertionResult is_error(const Result<T>& r, ErrorCode code) {
  if (r) return ::testing::AssertionFailure() << "expected error " << to_string(code) << ", got a value";
  if (r.error().code != code)
    return ::testing::AssertionFailure() << "expected error " << to_string(code) << ", got " << to_string(r.error().code)
                                         << " (" << r.error().detail << ")";
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult is_verdict(const Result<Verdict>& r, Verdict expected) {
  if (!r)
    return ::testing::AssertionFailure() << "expected " << name(expected) << ", got error " << to_string(r.error().code)
                                         << ": " << r.error().description << " (" << r.error().detail << ")";
  if (*r != expected) return ::testing::AssertionFailure() << "expected " << name(expected) << ", got " << name(*r);
  return ::testing::AssertionSuccess();
}

}  // namespace fapid::users::test
