#include "users/password_hasher.hpp"

#include "users/argon2_scheme.hpp"
#include "users/bcrypt_scheme.hpp"
#include "users/hash_limits.hpp"
#include "users/pbkdf2_scheme.hpp"

namespace fapid::users {

namespace {

std::optional<OAuthError> refuse_length(std::string_view password) {
  if (password.size() > kMaxPasswordBytes)
    return refused_password("password longer than " + std::to_string(kMaxPasswordBytes) + " bytes");
  return std::nullopt;
}

}  // namespace

PasswordHasher::PasswordHasher(HashPolicy policy) : policy_(policy) {}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
  if (auto refused = refuse_length(password)) return *refused;
  switch (policy_.algorithm) {
    case HashAlgorithm::argon2id: return argon2id_hash(password, policy_);
    case HashAlgorithm::bcrypt: return bcrypt_hash(password, policy_);
    case HashAlgorithm::pbkdf2_sha256: return pbkdf2_hash(password, policy_);
  }
  return unusable_hash("unknown policy algorithm");
}

Result<Verdict> PasswordHasher::verify(std::string_view password, std::string_view encoded) const {
  if (auto refused = refuse_length(password)) return *refused;
  if (encoded.size() > kMaxEncodedHashBytes) return unusable_hash("encoding longer than the bound");
  Result<Checked> checked = unusable_hash("unknown encoding");
  if (is_argon2_encoding(encoded)) checked = argon2_verify(password, encoded, policy_);
  else if (is_bcrypt_encoding(encoded)) checked = bcrypt_verify(password, encoded, policy_);
  else if (is_pbkdf2_encoding(encoded)) checked = pbkdf2_verify(password, encoded, policy_);
  if (!checked) return checked.error();
  if (!checked->matched) return Verdict::mismatch;
  const bool current = checked->algorithm == policy_.algorithm && !checked->weaker;
  return current ? Verdict::match : Verdict::match_needs_rehash;
}

}  // namespace fapid::users
