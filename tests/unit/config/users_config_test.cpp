// The `users` section: how new passwords are hashed, the login lockout, and which user attributes each
// scope releases. Every key optional.
#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using namespace std::chrono_literals;

class UsersConfig : public ExampleConfig {
 protected:
  // The example (which has no `users:`) with `body` (indented lines) as its `users:` section.
  LoadResult with_users(const std::string& body) const { return load(example_ + "users:\n" + body); }
  LoadResult with_hashing(const std::string& body) const { return with_users("  passwordHashing:\n" + body); }
  LoadResult with_claims(const std::string& body) const { return with_users("  claimsByScope:\n" + body); }
};

TEST_F(UsersConfig, DefaultsApplyWhenTheSectionIsAbsent) {
  const auto r = load();
  ASSERT_NE(r.config, nullptr) << joined(r);
  const Users& u = r.config->users;
  EXPECT_EQ(u.password_hashing.algorithm, PasswordAlgorithm::argon2id);
  EXPECT_EQ(u.password_hashing.argon2_memory_kib, 19456u);
  EXPECT_EQ(u.password_hashing.argon2_iterations, 2u);
  EXPECT_EQ(u.password_hashing.argon2_parallelism, 1u);
  EXPECT_EQ(u.password_hashing.bcrypt_cost, 12u);
  EXPECT_EQ(u.password_hashing.pbkdf2_iterations, 600000u);
  EXPECT_EQ(u.max_failures, 5);
  EXPECT_EQ(u.lock_for, 15min);
  EXPECT_THAT(u.claims_by_scope, ElementsAre(Pair("openid", ElementsAre("sub")), Pair("profile", ElementsAre("name")),
                                             Pair("email", ElementsAre("email")), Pair("cpf", ElementsAre("cpf"))));
}

TEST_F(UsersConfig, AnEmptySectionKeepsTheDefaults) {
  const auto r = with_users("  passwordHashing: {}\n  lockout: {}\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->users.password_hashing.bcrypt_cost, 12u);
  EXPECT_EQ(r.config->users.lock_for, 15min);
  EXPECT_EQ(r.config->users.claims_by_scope.size(), 4u);
}

TEST_F(UsersConfig, ReadsEveryKey) {
  const auto r = with_users(
      "  passwordHashing:\n    algorithm: bcrypt\n    argon2MemoryKib: 65536\n    argon2Iterations: 3\n"
      "    argon2Parallelism: 4\n    bcryptCost: 13\n    pbkdf2Iterations: 1200000\n"
      "  lockout:\n    maxFailures: 10\n    lockFor: 1h\n"
      "  claimsByScope:\n    openid: [sub]\n    profile: [name, attributes.birth_date]\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  const Users& u = r.config->users;
  EXPECT_EQ(u.password_hashing.algorithm, PasswordAlgorithm::bcrypt);
  EXPECT_EQ(u.password_hashing.argon2_memory_kib, 65536u);
  EXPECT_EQ(u.password_hashing.argon2_iterations, 3u);
  EXPECT_EQ(u.password_hashing.argon2_parallelism, 4u);
  EXPECT_EQ(u.password_hashing.bcrypt_cost, 13u);
  EXPECT_EQ(u.password_hashing.pbkdf2_iterations, 1200000u);
  EXPECT_EQ(u.max_failures, 10);
  EXPECT_EQ(u.lock_for, 1h);
  EXPECT_THAT(u.claims_by_scope,
              ElementsAre(Pair("openid", ElementsAre("sub")), Pair("profile", ElementsAre("name", "attributes.birth_date"))));
}

TEST_F(UsersConfig, EachAlgorithmHasItsWireName) {
  for (const auto& [name, algorithm] : {std::pair{"argon2id", PasswordAlgorithm::argon2id}, std::pair{"bcrypt", PasswordAlgorithm::bcrypt},
                                        std::pair{"pbkdf2-sha256", PasswordAlgorithm::pbkdf2_sha256}}) {
    const auto r = with_hashing(std::string("    algorithm: ") + name + "\n");
    ASSERT_NE(r.config, nullptr) << joined(r);
    EXPECT_EQ(r.config->users.password_hashing.algorithm, algorithm) << name;
  }
  for (const char* bad : {"argon2i", "pbkdf2_sha256", "Argon2id", "scrypt"})
    EXPECT_CONFIG_ERROR(with_hashing(std::string("    algorithm: ") + bad + "\n"),
                        "users.passwordHashing.algorithm: expected argon2id, bcrypt or pbkdf2-sha256");
}

TEST_F(UsersConfig, HashingParametersOutsideTheirRangesAreRefusedWithTheirPath) {
  const auto below = with_hashing("    argon2MemoryKib: 8191\n    argon2Iterations: 0\n    argon2Parallelism: 0\n"
                                  "    bcryptCost: 9\n    pbkdf2Iterations: 99999\n");
  EXPECT_CONFIG_ERROR(below, "users.passwordHashing.argon2MemoryKib: expected an integer 8192..1048576");
  EXPECT_CONFIG_ERROR(below, "users.passwordHashing.argon2Iterations: expected an integer 1..10");
  EXPECT_CONFIG_ERROR(below, "users.passwordHashing.argon2Parallelism: expected an integer 1..8");
  EXPECT_CONFIG_ERROR(below, "users.passwordHashing.bcryptCost: expected an integer 10..15");
  EXPECT_CONFIG_ERROR(below, "users.passwordHashing.pbkdf2Iterations: expected an integer 100000..10000000");
  EXPECT_EQ(below.errors.size(), 5u) << joined(below);
  const auto above = with_hashing("    argon2MemoryKib: 1048577\n    argon2Iterations: 11\n    argon2Parallelism: 9\n"
                                  "    bcryptCost: 16\n    pbkdf2Iterations: 10000001\n");
  EXPECT_CONFIG_ERROR(above, "users.passwordHashing.argon2MemoryKib: expected an integer 8192..1048576");
  EXPECT_CONFIG_ERROR(above, "users.passwordHashing.argon2Iterations: expected an integer 1..10");
  EXPECT_CONFIG_ERROR(above, "users.passwordHashing.argon2Parallelism: expected an integer 1..8");
  EXPECT_CONFIG_ERROR(above, "users.passwordHashing.bcryptCost: expected an integer 10..15");
  EXPECT_CONFIG_ERROR(above, "users.passwordHashing.pbkdf2Iterations: expected an integer 100000..10000000");
  EXPECT_EQ(above.errors.size(), 5u) << joined(above);
}

TEST_F(UsersConfig, TheEndsOfEachHashingRangeAreAccepted) {
  EXPECT_CONFIG_OK(with_hashing("    argon2MemoryKib: 8192\n    argon2Iterations: 1\n    argon2Parallelism: 1\n"
                                "    bcryptCost: 10\n    pbkdf2Iterations: 100000\n"));
  EXPECT_CONFIG_OK(with_hashing("    argon2MemoryKib: 1048576\n    argon2Iterations: 10\n    argon2Parallelism: 8\n"
                                "    bcryptCost: 15\n    pbkdf2Iterations: 10000000\n"));
}

TEST_F(UsersConfig, LockoutValuesOutsideTheirRangesAreRefused) {
  EXPECT_CONFIG_ERROR(with_users("  lockout:\n    maxFailures: 0\n"), "users.lockout.maxFailures: expected an integer 1..100");
  EXPECT_CONFIG_ERROR(with_users("  lockout:\n    maxFailures: 101\n"), "users.lockout.maxFailures: expected an integer 1..100");
  EXPECT_CONFIG_ERROR(with_users("  lockout:\n    maxFailures: -1\n"), "users.lockout.maxFailures: expected an integer 1..100");
  EXPECT_CONFIG_ERROR(with_users("  lockout:\n    lockFor: 59s\n"), "users.lockout.lockFor: must be between 60s and 1d");
  EXPECT_CONFIG_ERROR(with_users("  lockout:\n    lockFor: 2d\n"), "users.lockout.lockFor: must be between 60s and 1d");
  EXPECT_CONFIG_ERROR(with_users("  lockout:\n    lockFor: 15\n"),
                      "users.lockout.lockFor: expected a duration such as 90s, 10m, 1h or 365d");
  EXPECT_CONFIG_OK(with_users("  lockout:\n    maxFailures: 1\n    lockFor: 1m\n"));
  EXPECT_CONFIG_OK(with_users("  lockout:\n    maxFailures: 100\n    lockFor: 24h\n"));
}

TEST_F(UsersConfig, ClaimsByScopeTakesListsOrCommaSeparatedStringsInOrder) {
  const auto r = with_claims("    email: 'email, attributes.email_verified'\n    openid: [sub]\n"
                             "    accounts:read: [attributes.account-id]\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_THAT(r.config->users.claims_by_scope,
              ElementsAre(Pair("email", ElementsAre("email", "attributes.email_verified")), Pair("openid", ElementsAre("sub")),
                          Pair("accounts:read", ElementsAre("attributes.account-id"))));
}

TEST_F(UsersConfig, ClaimsByScopeRefusesUnknownAttributes) {
  const auto r = with_claims("    profile: [name, given_name, attributes., attributes.a.b, 'attributes.x y', Sub]\n");
  const std::string suffix = "\" is not sub, name, email, cpf or attributes.<key> (key: [A-Za-z0-9_-], at most 64)";
  EXPECT_CONFIG_ERROR(r, "users.claimsByScope.profile[1]: \"given_name" + suffix);
  EXPECT_CONFIG_ERROR(r, "users.claimsByScope.profile[2]: \"attributes." + suffix);
  EXPECT_CONFIG_ERROR(r, "users.claimsByScope.profile[3]: \"attributes.a.b" + suffix);
  EXPECT_CONFIG_ERROR(r, "users.claimsByScope.profile[4]: \"attributes.x y" + suffix);
  EXPECT_CONFIG_ERROR(r, "users.claimsByScope.profile[5]: \"Sub" + suffix);
  EXPECT_EQ(r.errors.size(), 5u) << joined(r);
  EXPECT_CONFIG_OK(with_claims("    profile: [attributes." + std::string(64, 'k') + "]\n"));
  EXPECT_CONFIG_ERROR(with_claims("    profile: [attributes." + std::string(65, 'k') + "]\n"),
                      "users.claimsByScope.profile[0]: \"attributes." + std::string(65, 'k') + suffix);
}

TEST_F(UsersConfig, ClaimsByScopeRefusesDuplicatesAndEmptyEntries) {
  EXPECT_CONFIG_ERROR(with_claims("    profile: [name, email, name]\n"), "users.claimsByScope.profile[2]: duplicate value \"name\"");
  EXPECT_CONFIG_ERROR(with_claims("    profile: [name]\n    profile: [email]\n"), "users.claimsByScope.profile: duplicate key");
  EXPECT_CONFIG_ERROR(with_claims("    profile: []\n"), "users.claimsByScope.profile: must list at least one attribute");
  EXPECT_CONFIG_ERROR(with_claims("    profile: ' , '\n"), "users.claimsByScope.profile: must list at least one attribute");
  EXPECT_CONFIG_ERROR(with_claims("    profile:\n"), "users.claimsByScope.profile: expected a list of attributes");
  EXPECT_CONFIG_ERROR(with_claims("    profile: {name: x}\n"), "users.claimsByScope.profile: expected a comma-separated string or a list");
  EXPECT_CONFIG_ERROR(with_users("  claimsByScope: {}\n"), "users.claimsByScope: must not be empty (omit it for the default map)");
  EXPECT_CONFIG_ERROR(with_users("  claimsByScope: [openid]\n"), "users.claimsByScope: expected a map of scope to a list of attributes");
}

TEST_F(UsersConfig, ClaimsByScopeKeysAreScopeTokens) {
  EXPECT_CONFIG_ERROR(with_claims("    'open id': [sub]\n"), "users.claimsByScope.open id: not a scope token (RFC 6749 §3.3)");
  EXPECT_CONFIG_ERROR(with_claims("    'a\"b': [sub]\n"), "users.claimsByScope.a\"b: not a scope token (RFC 6749 §3.3)");
  EXPECT_CONFIG_ERROR(with_claims("    [a]: [sub]\n"), "users.claimsByScope: keys must be plain strings");
}

TEST_F(UsersConfig, ClaimsByScopeIsBounded) {
  std::string many;
  for (int i = 0; i <= 64; ++i) many += "    s" + std::to_string(i) + ": [sub]\n";
  EXPECT_CONFIG_ERROR(with_claims(many), "users.claimsByScope: at most 64 scopes");
  std::string attributes;
  for (int i = 0; i <= 32; ++i) attributes += (i ? ", attributes.a" : "attributes.a") + std::to_string(i);
  EXPECT_CONFIG_ERROR(with_claims("    profile: '" + attributes + "'\n"), "users.claimsByScope.profile: at most 32 attributes");
}

TEST_F(UsersConfig, UnknownKeysAndNonMapsAreRefused) {
  EXPECT_CONFIG_ERROR(with_users("  passwordHash: {}\n"), "users.passwordHash: unknown key");
  EXPECT_CONFIG_ERROR(with_hashing("    bcryptRounds: 12\n"), "users.passwordHashing.bcryptRounds: unknown key");
  EXPECT_CONFIG_ERROR(with_users("  lockout:\n    lockTime: 1m\n"), "users.lockout.lockTime: unknown key");
  EXPECT_CONFIG_ERROR(with_users("  lockout: 5\n"), "users.lockout: expected a map");
  EXPECT_CONFIG_ERROR(load(example_ + "users: argon2id\n"), "users: expected a map");
  EXPECT_CONFIG_ERROR(with_hashing("    bcryptCost: [12]\n"), "users.passwordHashing.bcryptCost: expected a string");
}

}  // namespace
}  // namespace fapid::config::test
