// ClientRegistry: the configured clients with their keys and subject DNs parsed once (SPEC CA7, K-section).
#include "oauth/client_registry.hpp"

#include <gtest/gtest.h>

#include "unit/jose/test_support.hpp"

namespace fapid::oauth {
namespace {

config::Client client(std::string id) {
  config::Client c;
  c.client_id = std::move(id);
  c.profile = config::Profile::fapi2;
  c.auth_method = config::AuthMethod::private_key_jwt;
  return c;
}

TEST(ClientRegistry, FindsEachConfiguredClientWithItsKeysAndSubject) {
  auto cfg = std::make_shared<config::Config>();
  auto a = client("a");
  a.jwks_json = jose::test::jwks_of(jose::test::keys().ps256.get(), "a-sig", "PS256");
  auto b = client("b");
  b.auth_method = config::AuthMethod::tls_client_auth;
  b.tls_client_auth_subject_dn = "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR";
  cfg->clients = {a, b};
  const auto load = ClientRegistry::build(cfg);
  ASSERT_TRUE(load.registry);
  EXPECT_TRUE(load.errors.empty());
  const auto* found = load.registry->find("a");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id(), "a");
  EXPECT_EQ(found->keys.size(), 1u);
  EXPECT_TRUE(found->keys.contains_kid("a-sig"));
  EXPECT_FALSE(found->subject_dn);
  const auto* mtls = load.registry->find("b");
  ASSERT_NE(mtls, nullptr);
  ASSERT_TRUE(mtls->subject_dn);
  EXPECT_TRUE(mtls->subject_dn->matches(*DistinguishedName::parse_rfc4514("cn=tpp-two,ou=dev,o=Example TPP Two,c=BR")));
  EXPECT_EQ(mtls->keys.size(), 0u);
}

TEST(ClientRegistry, AnUnknownClientIdFindsNothing) {
  auto cfg = std::make_shared<config::Config>();
  cfg->clients = {client("a")};
  const auto load = ClientRegistry::build(cfg);
  ASSERT_TRUE(load.registry);
  EXPECT_EQ(load.registry->find("A"), nullptr);
  EXPECT_EQ(load.registry->find(""), nullptr);
  EXPECT_EQ(load.registry->find(std::string_view("a\0", 2)), nullptr);
}

TEST(ClientRegistry, EveryProblemIsReportedNamingItsClientAndNoRegistryIsBuilt) {
  auto cfg = std::make_shared<config::Config>();
  auto bad_jwks = client("x");
  bad_jwks.jwks_json = R"({"keys":[{"kty":"oct","k":"c2VjcmV0"}]})";  // symmetric: refused
  auto small = client("y");
  small.jwks_json = jose::test::jwks_of(jose::test::keys().rsa1024.get(), "small", "PS256");
  auto bad_dn = client("z");
  bad_dn.tls_client_auth_subject_dn = "not a DN";
  cfg->clients = {client("ok"), bad_jwks, small, bad_dn};
  const auto load = ClientRegistry::build(cfg);
  EXPECT_FALSE(load.registry);
  ASSERT_EQ(load.errors.size(), 3u);
  EXPECT_EQ(load.errors[0].rfind("clients[1].jwks: ", 0), 0u) << load.errors[0];
  EXPECT_EQ(load.errors[1].rfind("clients[2].jwks: ", 0), 0u) << load.errors[1];
  EXPECT_EQ(load.errors[2], "clients[3].tlsClientAuthSubjectDn: not an RFC 4514 distinguished name");
}

TEST(ClientRegistry, TheRegistryKeepsTheConfigurationAlive) {
  std::shared_ptr<const ClientRegistry> registry;
  {
    auto cfg = std::make_shared<config::Config>();
    cfg->clients = {client("a")};
    registry = ClientRegistry::build(cfg).registry;
  }
  ASSERT_TRUE(registry);
  const auto* a = registry->find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->config->profile, config::Profile::fapi2);
}

}  // namespace
}  // namespace fapid::oauth
