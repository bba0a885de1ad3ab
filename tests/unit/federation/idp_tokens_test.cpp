#include "federation/idp_tokens.hpp"

#include <gtest/gtest.h>

#include "unit/federation/idp_fixture.hpp"

namespace fapid::federation {
namespace {

using test::FakeIdp;
using test::RawAlg;
using test::json;
using test::kClientId;
using test::kNonce;
using test::unix_now;

const FakeIdp& idp() {
  static const FakeIdp instance;
  return instance;
}

Result<StaffIdentity> check(const std::string& token, std::string_view nonce = kNonce) {
  return check_id_token(token, idp().key_set(), test::expectations(), nonce);
}

// Asserts a refusal and returns its log detail.
std::string refused(const Result<StaffIdentity>& r) {
  EXPECT_FALSE(r);
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::access_denied);
  EXPECT_EQ(r.error().description, "the identity provider's answer could not be accepted");
  return r.error().detail;
}

json with(json claims, const std::string& name, json value) {
  claims[name] = std::move(value);
  return claims;
}
json without(json claims, const std::string& name) {
  claims.erase(name);
  return claims;
}

TEST(CheckIdToken, AcceptsTheIdpsTokenAndReadsTheStaffMembersProfile) {
  auto r = check(idp().sign(FakeIdp::id_claims()));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->issuer, test::kIssuer);
  EXPECT_EQ(r->subject, "f2cec0ee-1d63-45b3-bc7c-03266250a2d5");
  EXPECT_EQ(r->name, "Usuario1 Admin");
  EXPECT_EQ(r->preferred_username, "user1");
  EXPECT_EQ(r->email, "user1@example.com");
}

TEST(CheckIdToken, F01_RefusesAnotherIssuerOrNone) {
  EXPECT_NE(refused(check(idp().sign(with(FakeIdp::id_claims(), "iss", "https://other-idp.example/realms/staff")))).find("iss"),
            std::string::npos);
  refused(check(idp().sign(with(FakeIdp::id_claims(), "iss", std::string(test::kIssuer) + "/"))));
  refused(check(idp().sign(without(FakeIdp::id_claims(), "iss"))));
}

TEST(CheckIdToken, F02_RefusesSeveralAudiencesAnotherAudienceOrAnotherAzp) {
  EXPECT_TRUE(check(idp().sign(with(FakeIdp::id_claims(), "aud", json::array({kClientId})))));
  refused(check(idp().sign(with(FakeIdp::id_claims(), "aud", json::array({kClientId, "backoffice-portal"})))));
  refused(check(idp().sign(with(FakeIdp::id_claims(), "aud", "backoffice-portal"))));
  refused(check(idp().sign(without(FakeIdp::id_claims(), "aud"))));
  EXPECT_NE(refused(check(idp().sign(with(FakeIdp::id_claims(), "azp", "another-client")))).find("azp"), std::string::npos);
  EXPECT_TRUE(check(idp().sign(without(FakeIdp::id_claims(), "azp"))));
}

TEST(CheckIdToken, F03_RefusesAMissingOrMismatchedNonce) {
  refused(check(idp().sign(without(FakeIdp::id_claims(), "nonce"))));
  refused(check(idp().sign(FakeIdp::id_claims()), "another-nonce"));
  refused(check(idp().sign(with(FakeIdp::id_claims(), "nonce", 42))));
  refused(check(idp().sign(with(FakeIdp::id_claims(), "nonce", "")), ""));  // no nonce expected is no pass
}

TEST(CheckIdToken, F04_RefusesAlgNoneHmacWithOurSecretAndAlgorithmsTheIdpDoesNotUse) {
  const std::string claims = jose::test::b64(FakeIdp::id_claims().dump());
  refused(check(jose::test::b64(R"({"alg":"none"})") + "." + claims + "."));
  refused(check(jose::test::raw_jws(R"({"alg":"HS256","kid":"k1"})", FakeIdp::id_claims().dump(), nullptr,
                                    RawAlg::HMAC_SHA256, "the-federation-client-secret")));
  // PS256 is a fine algorithm, but not one this IdP announced.
  refused(check(idp().sign(FakeIdp::id_claims(), "k1", RawAlg::PS256)));
}

TEST(CheckIdToken, F05_AnUnknownKidIsReportedSoTheCallerCanRefetchTheKeys) {
  FakeIdp rotated;  // another key under another kid
  rotated.keys.emplace("k2", jose::test::make_rsa());
  const auto detail = refused(check(rotated.sign(FakeIdp::id_claims(), "k2")));
  EXPECT_TRUE(detail.starts_with(kUnknownKeyDetail)) << detail;
  // A foreign key under a known kid is a bad signature, not a reason to refetch.
  const auto forged = refused(check(rotated.sign(FakeIdp::id_claims(), "k1")));
  EXPECT_FALSE(forged.starts_with(kUnknownKeyDetail)) << forged;
}

TEST(CheckIdToken, RefusesExpiredFutureAndStaleTokens) {
  refused(check(idp().sign(with(FakeIdp::id_claims(), "exp", unix_now()))));
  refused(check(idp().sign(without(FakeIdp::id_claims(), "exp"))));
  refused(check(idp().sign(without(FakeIdp::id_claims(), "iat"))));
  EXPECT_TRUE(check(idp().sign(with(FakeIdp::id_claims(), "iat", unix_now() + 60))));  // within the skew
  refused(check(idp().sign(with(FakeIdp::id_claims(), "iat", unix_now() + 61))));
  EXPECT_TRUE(check(idp().sign(with(FakeIdp::id_claims(), "iat", unix_now() - 600))));
  refused(check(idp().sign(with(FakeIdp::id_claims(), "iat", unix_now() - 601))));
}

TEST(CheckIdToken, RefusesAMissingOrMalformedSubjectAndAnAccessTokenPassedAsIdToken) {
  refused(check(idp().sign(without(FakeIdp::id_claims(), "sub"))));
  refused(check(idp().sign(with(FakeIdp::id_claims(), "sub", std::string(256, 'a')))));
  refused(check(idp().sign(with(FakeIdp::id_claims(), "sub", "line\nbreak"))));
  refused(check(idp().sign(FakeIdp::id_claims(), "k1", RawAlg::RS256, {{"typ", "at+jwt"}})));
}

TEST(CheckIdToken, DropsProfileClaimsThatAreNotPlainBoundedText) {
  auto claims = with(with(FakeIdp::id_claims(), "name", "Evil\r\nSet-Cookie: x"), "email", json::array({"a@b"}));
  claims["preferred_username"] = std::string(300, 'u');
  auto r = check(idp().sign(claims));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->name, "");
  EXPECT_EQ(r->email, "");
  EXPECT_EQ(r->preferred_username, "");
}

// For IdPs that express access as roles (issue 6, item 3): Keycloak nests them under realm_access.
TEST(CheckIdToken, ReadsTheConfiguredRoleClaimAtADottedPath) {
  auto expected = test::expectations();
  expected.role_claim = "realm_access.roles";
  auto claims = with(FakeIdp::id_claims(), "realm_access", {{"roles", {"outage-editors", 7, "auditors", "bad\nrole"}}});
  auto r = check_id_token(idp().sign(claims), idp().key_set(), expected, kNonce);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->roles, (std::vector<std::string>{"outage-editors", "auditors"}));
  expected.role_claim = "groups";
  r = check_id_token(idp().sign(with(FakeIdp::id_claims(), "groups", "outage-editors")), idp().key_set(), expected, kNonce);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->roles, std::vector<std::string>{"outage-editors"});
  EXPECT_TRUE(check(idp().sign(claims))->roles.empty());  // not configured: not read
}

Result<std::optional<AccessTokenFacts>> check_at(const std::string& token) {
  return check_access_token(token, idp().key_set(), test::expectations(), "f2cec0ee-1d63-45b3-bc7c-03266250a2d5");
}

TEST(CheckAccessToken, AnOpaqueTokenIsNoJwtAndSaysNothing) {
  for (const char* opaque : {"2YotnFZFEjr1zCsicMWpAA", "a.b", "not-base64!.x.y", "e30.e30"}) {
    auto r = check_at(opaque);
    ASSERT_TRUE(r) << opaque;
    EXPECT_FALSE(r->has_value()) << opaque;
  }
}

TEST(CheckAccessToken, AJwtAccessTokenYieldsItsScopeOnlyWhenIssuedToUsByTheIdp) {
  auto r = check_at(idp().sign(FakeIdp::access_claims()));
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ((*r)->scope, "openid oob_outages:write email oob_outages:read profile");
  // RFC 9068 names the client in client_id instead of azp.
  auto rfc9068 = with(without(FakeIdp::access_claims(), "azp"), "client_id", kClientId);
  EXPECT_TRUE(check_at(idp().sign(rfc9068)));

  const auto bad = [](const json& claims) {
    auto res = check_at(idp().sign(claims));
    EXPECT_FALSE(res) << claims.dump();
    if (!res) {
      EXPECT_EQ(res.error().code, ErrorCode::access_denied);
    }
  };
  bad(with(FakeIdp::access_claims(), "azp", "another-client"));
  bad(with(rfc9068, "azp", "another-client"));
  bad(without(FakeIdp::access_claims(), "azp"));
  bad(with(FakeIdp::access_claims(), "iss", "https://other-idp.example"));
  bad(with(FakeIdp::access_claims(), "exp", unix_now() - 1));
  bad(with(FakeIdp::access_claims(), "sub", "somebody-else"));
  bad(with(FakeIdp::access_claims(), "scope", json::array({"oob_outages:write"})));
  // A tampered signature.
  auto token = idp().sign(FakeIdp::access_claims());
  token[token.size() - 2] = token[token.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(check_at(token));
}

}  // namespace
}  // namespace fapid::federation
