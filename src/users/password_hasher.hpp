#pragma once
// Password hashes for the customers' user store (issue 5). New hashes use the configured algorithm
// (argon2id by default, bcrypt, or PBKDF2-SHA256); verification accepts any supported encoding, so users
// imported from another system keep their passwords, and says when a hash should be upgraded to the
// current parameters (rehash on login).
//
// Encodings understood by verify():
//   $argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>   libargon2's PHC string; also $argon2i$, and no v= (v=16)
//   $2b$NN$<53 chars>                              bcrypt; also imported $2a$ and $2y$
//   $pbkdf2-sha256$i=..,l=..$<salt>$<hash>         ours: PHC style, standard base64 without padding
//   $pbkdf2-sha256$<iter>$<salt>$<hash>            passlib (its "ab64": '.' for '+', no padding)
//   pbkdf2_sha256$<iter>$<salt>$<hash>             Django (salt used as text, hash padded base64)
//   and the -sha512 variants of ours and passlib's (checked, always rehashed).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace fapid::users {

enum class HashAlgorithm { argon2id, bcrypt, pbkdf2_sha256 };

// The parameters of new hashes. Each must lie within hash_limits.hpp, or hash() fails.
struct HashPolicy {
  HashAlgorithm algorithm = HashAlgorithm::argon2id;
  // OWASP's argon2id minimum (m=19 MiB, t=2, p=1).
  std::uint32_t argon2_memory_kib = 19 * 1024;
  std::uint32_t argon2_iterations = 2;
  std::uint32_t argon2_parallelism = 1;
  unsigned bcrypt_cost = 12;
  std::uint32_t pbkdf2_iterations = 600'000;
};

enum class Verdict { mismatch, match, match_needs_rehash };

class PasswordHasher {
 public:
  explicit PasswordHasher(HashPolicy policy);

  // A new salted hash in the policy's algorithm, self-describing ($argon2id$..., $2b$..., $pbkdf2-sha256$...).
  // invalid_request: a password over kMaxPasswordBytes, or, with bcrypt, over 72 bytes or containing
  // a NUL byte (bcrypt would silently ignore what follows). server_error: a policy out of bounds.
  Result<std::string> hash(std::string_view password) const;

  // match_needs_rehash: correct, but made with another algorithm or weaker parameters than the policy's
  // (lower cost, memory or iterations, a shorter salt or hash, an older argon2 version).
  // An encoding that is not understood, or whose parameters are out of bounds (a hash that would take
  // minutes or gigabytes to check), is an error (server_error), never a match nor a mismatch. A password
  // over kMaxPasswordBytes is refused (invalid_request), and so is one bcrypt cannot take whole (over
  // 72 bytes, or with a NUL byte) against a bcrypt hash: no prefix of a password ever matches.
  Result<Verdict> verify(std::string_view password, std::string_view encoded) const;

  const HashPolicy& policy() const { return policy_; }

 private:
  HashPolicy policy_;
};

}  // namespace fapid::users
