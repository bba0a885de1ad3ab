// Self-contained client-credentials access tokens (oauth/self_contained_token.hpp): only the server's own
// signature over a token marked gty=client_credentials makes one; every other token is left to the store.
#include "oauth/self_contained_token.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "jose/base64url.hpp"
#include "oauth/token_minter.hpp"
#include "unit/jose/test_support.hpp"

namespace fapid::oauth {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kIssuer = "https://as.example/auth";

std::shared_ptr<const jose::KeyStore> load(const std::vector<config::KeyFile>& files) {
  auto loaded = jose::KeyStore::load(files);
  if (!loaded.keys) throw std::runtime_error(loaded.errors.front());
  return loaded.keys;
}

struct Keys {
  std::shared_ptr<const jose::KeyStore> ours;
  std::shared_ptr<const jose::KeyStore> stranger;  // a well-formed key nobody here publishes
  jose::PublicKeySet published;
  Keys() {
    const auto& k = jose::test::keys();
    ours = load({{"ps", config::KeyUse::sig, "PS256", k.file("ps256.pem"), true},
                 {"es", config::KeyUse::sig, "ES256", k.file("es256.pem"), true}});
    stranger = load({{"ps", config::KeyUse::sig, "PS256", k.file("ps256-old.pem"), true}});
    published = jose::PublicKeySet::from_jwks_json(ours->public_jwks_json()).value();
  }
};

const Keys& keys() {
  static const Keys k;
  return k;
}

SelfContainedRules rules(std::int64_t now = kNow) {
  return {&keys().published, {jose::Alg::PS256}, kIssuer, TimePoint(std::chrono::seconds(now))};
}

AccessTokenSpec cc_spec() {
  AccessTokenSpec s;
  s.issuer = s.audience = kIssuer;
  s.subject = s.client_id = "tpp-one";
  s.scope = "consents";
  s.cnf.x5t_s256 = "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2";
  s.now = TimePoint(std::chrono::seconds(kNow));
  s.lifetime = 300s;
  s.self_contained = true;
  return s;
}

std::string mint(const AccessTokenSpec& spec, const jose::KeyStore& by = *keys().ours, jose::Alg alg = jose::Alg::PS256) {
  storage::SystemRandom random;
  return mint_access_token(by, alg, spec, random).value();
}

// The claims of a minted self-contained token, to sign again after a change.
json cc_claims() {
  return {{"iss", kIssuer}, {"sub", "tpp-one"}, {"aud", kIssuer}, {"client_id", "tpp-one"}, {"iat", kNow},
          {"exp", kNow + 300}, {"jti", "j-1"}, {"scope", "consents"}, {"gty", "client_credentials"}};
}

std::string sign(const json& claims, std::string_view typ = "at+jwt") {
  return keys().ours->sign(jose::Alg::PS256, claims.dump(), typ).value();
}

void expect_refused(const std::string& token, std::string_view why, std::int64_t now = kNow) {
  auto r = read_self_contained_token(token, rules(now));
  ASSERT_FALSE(r) << "accepted: " << token;
  EXPECT_EQ(r.error().code, ErrorCode::invalid_token);
  EXPECT_EQ(r.error().status, 401);
  EXPECT_NE(r.error().detail.find(why), std::string::npos) << r.error().detail;
}

void expect_left_to_the_store(const std::string& token) {
  auto r = read_self_contained_token(token, rules());
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_FALSE(*r) << "read as self-contained: " << token;
}

TEST(SelfContainedToken, AMintedTokenReadsBackWithItsClaims) {
  const auto token = mint(cc_spec());
  auto r = read_self_contained_token(token, rules(kNow + 299));
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_TRUE(*r);
  const auto& t = **r;
  EXPECT_EQ(t.client_id, "tpp-one");
  EXPECT_EQ(t.subject, "tpp-one");
  EXPECT_EQ(t.scope, "consents");
  EXPECT_EQ(t.cnf.x5t_s256, "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2");
  EXPECT_TRUE(t.cnf.jkt.empty());
  EXPECT_EQ(t.issued_at, TimePoint(std::chrono::seconds(kNow)));
  EXPECT_EQ(t.expires_at, TimePoint(std::chrono::seconds(kNow + 300)));
  EXPECT_FALSE(t.jti.empty());
  EXPECT_NE(read_self_contained_token(mint(cc_spec()), rules()).value()->jti, t.jti);  // each its own jti
}

TEST(SelfContainedToken, ADpopBoundTokenKeepsItsJkt) {
  auto spec = cc_spec();
  spec.cnf = {"", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiGQA4I"};
  auto r = read_self_contained_token(mint(spec), rules());
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->cnf.jkt, "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiGQA4I");
  EXPECT_TRUE((*r)->cnf.x5t_s256.empty());
}

TEST(SelfContainedToken, TokensWithARowBehindThemAreLeftToTheStore) {
  auto with_row = cc_spec();
  with_row.self_contained = false;
  expect_left_to_the_store(mint(with_row));  // a JWT of a grant: no gty
  auto opaque = cc_spec();
  opaque.format = config::AccessTokenFormat::opaque;
  expect_left_to_the_store(mint(opaque));
  expect_left_to_the_store("");
  expect_left_to_the_store("a.b");
  expect_left_to_the_store("not.a.jws");
}

TEST(SelfContainedToken, A_TokenNotSignedByTheServerIsNeverSelfContained) {
  expect_left_to_the_store(mint(cc_spec(), *keys().stranger));  // another key, same kid
  // A changed claim breaks the signature: the scope widened by the holder.
  const auto token = mint(cc_spec());
  const auto dot1 = token.find('.'), dot2 = token.rfind('.');
  auto claims = json::parse(jose::base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1)).value());
  claims["scope"] = "consents accounts";
  expect_left_to_the_store(token.substr(0, dot1 + 1) + jose::base64url_encode(claims.dump()) + token.substr(dot2));
  // alg none, with the marker (RFC 8725 §3.1).
  const auto none = jose::base64url_encode(R"({"alg":"none","typ":"at+jwt"})") + "." +
                    jose::base64url_encode(cc_claims().dump()) + ".";
  expect_left_to_the_store(none);
}

TEST(SelfContainedToken, OnlyTheAlgorithmsTheServerSignsWithAreAccepted) {
  // Signed by our own ES256 key, but the rules name PS256 only.
  expect_left_to_the_store(mint(cc_spec(), *keys().ours, jose::Alg::ES256));
  auto es = rules();
  es.algs = {jose::Alg::PS256, jose::Alg::ES256};
  auto r = read_self_contained_token(mint(cc_spec(), *keys().ours, jose::Alg::ES256), es);
  ASSERT_TRUE(r && *r);
}

TEST(SelfContainedToken, WithoutKeysNothingIsSelfContained) {
  auto none = rules();
  none.own_keys = nullptr;
  auto r = read_self_contained_token(mint(cc_spec()), none);
  ASSERT_TRUE(r);
  EXPECT_FALSE(*r);
}

TEST(SelfContainedToken, AnExpiredTokenIsRefused) {
  const auto token = mint(cc_spec());
  expect_refused(token, "expired", kNow + 300);
  expect_refused(token, "expired", kNow + 100000);
}

TEST(SelfContainedToken, A_TokenOfAnotherIssuerOrAudienceIsRefused) {
  auto other_issuer = cc_spec();
  other_issuer.issuer = "https://as.example/auth-nonfapi";
  expect_refused(mint(other_issuer), "another tree");
  auto other_audience = cc_spec();
  other_audience.audience = "https://rs.example";
  expect_refused(mint(other_audience), "addressed elsewhere");
  auto array_audience = cc_claims();
  array_audience["aud"] = json::array({kIssuer});
  expect_refused(sign(array_audience), "addressed elsewhere");
}

TEST(SelfContainedToken, A_TokenOfAnotherTypIsRefused) {
  expect_refused(sign(cc_claims(), "JWT"), "typ");
  expect_refused(sign(cc_claims(), ""), "typ");
}

TEST(SelfContainedToken, A_MissingOrMistypedClaimIsRefused) {
  for (const auto* name : {"jti", "client_id", "sub", "scope", "iat"}) {
    auto claims = cc_claims();
    claims.erase(name);
    expect_refused(sign(claims), "claim");
    claims[name] = json::array({"x"});
    expect_refused(sign(claims), "claim");
  }
  auto empty_jti = cc_claims();
  empty_jti["jti"] = "";
  expect_refused(sign(empty_jti), "claim");
  // Dates the clock cannot hold (past 2262) are malformed, not overflowed (a libFuzzer finding).
  for (const char* name : {"iat", "exp"}) {
    auto far = cc_claims();
    far[name] = 16'999'999'919;
    expect_refused(sign(far), "claim");
  }
  auto no_exp = cc_claims();
  no_exp.erase("exp");
  expect_refused(sign(no_exp), "exp missing");
  for (const auto& cnf : {json("x"), json{{"x5t#S256", 1}}, json{{"jkt", ""}}}) {
    auto claims = cc_claims();
    claims["cnf"] = cnf;
    expect_refused(sign(claims), "claim");
  }
}

TEST(SelfContainedToken, AnotherGrantTypeMarkerIsLeftToTheStore) {
  auto claims = cc_claims();
  claims["gty"] = "authorization_code";
  expect_left_to_the_store(sign(claims));
  claims["gty"] = json::array({"client_credentials"});
  expect_left_to_the_store(sign(claims));
}

}  // namespace
}  // namespace fapid::oauth
