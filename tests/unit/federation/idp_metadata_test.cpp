#include "federation/idp_metadata.hpp"

#include <gtest/gtest.h>

#include "unit/federation/idp_fixture.hpp"

namespace fapid::federation {
namespace {

using test::FakeIdp;
using test::json;

std::string refused(const json& doc) {
  auto r = parse_idp_metadata(doc.dump(), test::kIssuer);
  EXPECT_FALSE(r) << doc.dump();
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  return r.error().detail;
}

TEST(IdpMetadata, TheIssuerIsTheDiscoveryUrlWithoutTheWellKnownSuffix) {
  EXPECT_EQ(issuer_of_discovery_url(test::kDiscoveryUrl), test::kIssuer);
  EXPECT_EQ(issuer_of_discovery_url("https://idp.example/.well-known/openid-configuration"), "https://idp.example");
  EXPECT_EQ(issuer_of_discovery_url("https://idp.example/openid-configuration"), "");
  EXPECT_EQ(issuer_of_discovery_url("/.well-known/openid-configuration"), "");
}

TEST(IdpMetadata, ReadsWhatTheFederationNeeds) {
  auto r = parse_idp_metadata(FakeIdp::discovery().dump(), test::kIssuer);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->issuer, test::kIssuer);
  EXPECT_EQ(r->token_endpoint, test::kTokenEndpoint);
  EXPECT_EQ(r->jwks_uri, test::kJwksUri);
  EXPECT_EQ(r->end_session_endpoint, std::string(test::kIssuer) + "/logout");
  EXPECT_EQ(r->userinfo_endpoint, "");
  EXPECT_EQ(r->id_token_algs, std::vector<jose::Alg>{jose::Alg::RS256});
}

// OpenID Connect Discovery 1.0 §4.3; ATTACKS.md F01.
TEST(IdpMetadata, RefusesADocumentOfAnotherIssuer) {
  auto doc = FakeIdp::discovery();
  doc["issuer"] = "https://evil.example/realms/staff";
  EXPECT_NE(refused(doc).find("issuer"), std::string::npos);
  doc["issuer"] = std::string(test::kIssuer) + "/";
  refused(doc);
  doc.erase("issuer");
  refused(doc);
}

TEST(IdpMetadata, RefusesMissingOrNonHttpsEndpoints) {
  for (const char* member : {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
    auto doc = FakeIdp::discovery();
    doc.erase(member);
    EXPECT_NE(refused(doc).find(member), std::string::npos);
    doc[member] = "http://idp.bank.example/x";
    refused(doc);
    doc[member] = 7;
    refused(doc);
  }
  auto doc = FakeIdp::discovery();
  doc["end_session_endpoint"] = "javascript:alert(1)";
  refused(doc);
}

TEST(IdpMetadata, KeepsOnlyTheIdTokenAlgorithmsWeAccept) {
  auto doc = FakeIdp::discovery();
  doc["id_token_signing_alg_values_supported"] = {"none", "HS256", "ES256", "RS256"};
  auto r = parse_idp_metadata(doc.dump(), test::kIssuer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id_token_algs, (std::vector<jose::Alg>{jose::Alg::RS256, jose::Alg::ES256}));
  doc["id_token_signing_alg_values_supported"] = {"none", "HS256"};
  refused(doc);
  doc.erase("id_token_signing_alg_values_supported");
  refused(doc);
}

TEST(IdpMetadata, RefusesMalformedDuplicatedOrOversizedDocuments) {
  EXPECT_FALSE(parse_idp_metadata("[]", test::kIssuer));
  EXPECT_FALSE(parse_idp_metadata("{", test::kIssuer));
  auto dup = FakeIdp::discovery().dump();
  dup.insert(1, R"("issuer":"https://evil.example",)");
  EXPECT_FALSE(parse_idp_metadata(dup, test::kIssuer));
  auto big = FakeIdp::discovery();
  big["padding"] = std::string(kMaxDiscoveryBytes, 'x');
  EXPECT_FALSE(parse_idp_metadata(big.dump(), test::kIssuer));
}

}  // namespace
}  // namespace fapid::federation
