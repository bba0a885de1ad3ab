#include "app/hash_policy.hpp"

namespace fapid::app {

namespace {

users::HashAlgorithm algorithm(config::PasswordAlgorithm a) {
  switch (a) {
    case config::PasswordAlgorithm::argon2id: return users::HashAlgorithm::argon2id;
    case config::PasswordAlgorithm::bcrypt: return users::HashAlgorithm::bcrypt;
    case config::PasswordAlgorithm::pbkdf2_sha256: return users::HashAlgorithm::pbkdf2_sha256;
  }
  return users::HashAlgorithm::argon2id;
}

}  // namespace

users::HashPolicy hash_policy(const config::PasswordHashing& configured) {
  users::HashPolicy p;
  p.algorithm = algorithm(configured.algorithm);
  p.argon2_memory_kib = configured.argon2_memory_kib;
  p.argon2_iterations = configured.argon2_iterations;
  p.argon2_parallelism = configured.argon2_parallelism;
  p.bcrypt_cost = configured.bcrypt_cost;
  p.pbkdf2_iterations = configured.pbkdf2_iterations;
  return p;
}

}  // namespace fapid::app
