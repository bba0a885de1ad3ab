#include "oauth/dpop_proof.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "jose/jwk_thumbprint.hpp"
#include "unit/jose/test_support.hpp"

namespace fapid::oauth {
namespace {

using namespace std::chrono_literals;
using jose::OsslPtr;
using jose::test::RawAlg;
using ordered = nlohmann::ordered_json;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr const char* kTokenUrl = "https://as.example/token";

struct ProofKeys {
  OsslPtr<EVP_PKEY> ec = jose::test::make_ec();
  OsslPtr<EVP_PKEY> rsa = jose::test::make_rsa();
  OsslPtr<EVP_PKEY> other_ec = jose::test::make_ec();
  OsslPtr<EVP_PKEY> rsa1024 = jose::test::make_rsa(1024);
};

const ProofKeys& keys() {
  static const ProofKeys k;
  return k;
}

ordered bare_jwk(EVP_PKEY* key) {  // what a client puts in the proof: {kty, n, e} or {kty, crv, x, y}
  ordered jwk = jose::test::jwk_of(key, "unused", "unused");
  for (const char* name : {"kid", "use", "alg"}) jwk.erase(name);
  return jwk;
}

std::string jkt_of(EVP_PKEY* key) { return jose::jwk_thumbprint_sha256(bare_jwk(key).dump()).value(); }

// A proof as RFC 9449 §4.2 shows it; tests change one part at a time.
struct Proof {
  ordered header;
  ordered claims;
  EVP_PKEY* key;
  RawAlg alg;

  static Proof es256() {
    return {{{"typ", "dpop+jwt"}, {"alg", "ES256"}, {"jwk", bare_jwk(keys().ec.get())}},
            {{"jti", "e1j3V_bKic8-LAEB"}, {"htm", "POST"}, {"htu", kTokenUrl}, {"iat", kNow}},
            keys().ec.get(),
            RawAlg::ES256};
  }
  static Proof ps256() {
    Proof p = es256();
    p.header = {{"typ", "dpop+jwt"}, {"alg", "PS256"}, {"jwk", bare_jwk(keys().rsa.get())}};
    p.key = keys().rsa.get();
    p.alg = RawAlg::PS256;
    return p;
  }
  Proof&& with_header(const std::string& name, ordered value) && {
    header[name] = std::move(value);
    return std::move(*this);
  }
  Proof&& without_header(const std::string& name) && {
    header.erase(name);
    return std::move(*this);
  }
  Proof&& with(const std::string& name, ordered value) && {
    claims[name] = std::move(value);
    return std::move(*this);
  }
  Proof&& without(const std::string& name) && {
    claims.erase(name);
    return std::move(*this);
  }
  std::string sign() const { return jose::test::raw_jws(header.dump(), claims.dump(), key, alg, "hmac-secret"); }
};

DpopExpectation token_endpoint() {
  return {http::Method::post, kTokenUrl, std::chrono::system_clock::time_point(std::chrono::seconds(kNow)), 10s, 60s,
          std::nullopt, std::nullopt};
}

Result<DpopProof> validate(const std::string& proof, const DpopExpectation& expected = token_endpoint()) {
  return validate_dpop_proof({proof}, expected);
}

// Asserts an invalid_dpop_proof (HTTP 400) and returns the public description and private detail.
std::string rejected(const std::string& proof, const DpopExpectation& expected = token_endpoint()) {
  auto r = validate(proof, expected);
  EXPECT_FALSE(r) << proof.substr(0, 120);
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_dpop_proof);
  EXPECT_EQ(r.error().status, 400);
  EXPECT_EQ(r.error().description.rfind("DPoP proof: ", 0), 0u) << r.error().description;
  return r.error().description + " | " + r.error().detail;
}

MATCHER_P(Mentions, text, "") { return arg.find(text) != std::string::npos; }

TEST(DpopProof, S3_AcceptsAnEs256ProofAndReturnsItsKeyThumbprintJtiAndIat) {
  auto r = validate(Proof::es256().sign());
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->jkt, jkt_of(keys().ec.get()));
  EXPECT_EQ(r->jti, "e1j3V_bKic8-LAEB");
  EXPECT_EQ(r->iat, std::chrono::system_clock::time_point(std::chrono::seconds(kNow)));
  EXPECT_FALSE(r->nonce);
}

TEST(DpopProof, S3_AcceptsAPs256Proof) {
  auto r = validate(Proof::ps256().sign());
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->jkt, jkt_of(keys().rsa.get()));
}

TEST(DpopProof, S3_RejectsARequestWithoutDpopHeader) {
  auto r = validate_dpop_proof({}, token_endpoint());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_dpop_proof);
  EXPECT_EQ(r.error().detail, "DPoP: 0 DPoP headers");
}

TEST(DpopProof, S3_RejectsTwoDpopHeadersEvenIfBothAreValid) {
  const std::string proof = Proof::es256().sign();
  auto r = validate_dpop_proof({proof, proof}, token_endpoint());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_dpop_proof);
  EXPECT_EQ(r.error().detail, "DPoP: 2 DPoP headers");
}

TEST(DpopProof, S3_RejectsAValueThatIsNotAJwt) {
  EXPECT_THAT(rejected(""), Mentions("malformed JWS"));
  EXPECT_THAT(rejected("not-a-jwt"), Mentions("malformed JWS"));
  EXPECT_THAT(rejected("a.b.c.d.e"), Mentions("malformed JWS"));
  EXPECT_THAT(rejected(Proof::es256().sign() + ", " + Proof::es256().sign()), Mentions("bad character"));
  EXPECT_THAT(rejected("eyJhbGciOiJFUzI1NiJ9.e30.AAAA"), Mentions("invalid jwk header"));
}

TEST(DpopProof, S3_RejectsAProofLargerThan8KiB) {
  auto proof = Proof::es256().with("pad", std::string(kMaxDpopProofBytes, 'x')).sign();
  EXPECT_THAT(rejected(proof), Mentions("larger than the limit"));
}

TEST(DpopProof, S3_RejectsProofWithoutTyp) {
  EXPECT_THAT(rejected(Proof::es256().without_header("typ").sign()), Mentions("typ must be dpop+jwt"));
}

TEST(DpopProof, S3_RejectsTypOtherThanExactlyDpopJwt) {
  for (const char* typ : {"jwt", "JWT", "DPoP+JWT", "application/dpop+jwt", "dpop+jwt "}) {
    EXPECT_THAT(rejected(Proof::es256().with_header("typ", typ).sign()), Mentions("typ must be dpop+jwt")) << typ;
  }
  EXPECT_THAT(rejected(Proof::es256().with_header("typ", 1).sign()), Mentions("typ must be dpop+jwt"));
}

TEST(DpopProof, S3_RejectsAlgNone) {
  for (const char* alg : {"none", "None", "NONE"}) {
    EXPECT_THAT(rejected(Proof::es256().with_header("alg", alg).sign()), Mentions("algorithm not allowed")) << alg;
  }
}

TEST(DpopProof, S3_RejectsAlgHs256) {
  Proof p = Proof::es256().with_header("alg", "HS256");
  p.alg = RawAlg::HMAC_SHA256;
  EXPECT_THAT(rejected(p.sign()), Mentions("algorithm not allowed"));
}

TEST(DpopProof, S3_RejectsAlgRs256) {
  Proof p = Proof::ps256().with_header("alg", "RS256");
  p.alg = RawAlg::RS256;
  EXPECT_THAT(rejected(p.sign()), Mentions("algorithm not allowed"));
}

TEST(DpopProof, S3_RejectsProofWithoutJwk) {
  EXPECT_THAT(rejected(Proof::es256().without_header("jwk").sign()), Mentions("header has no jwk object"));
}

TEST(DpopProof, S3_RejectsAJwkWithAPrivateKey) {
  ordered with_d = bare_jwk(keys().ec.get());
  with_d["d"] = "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs";
  EXPECT_THAT(rejected(Proof::es256().with_header("jwk", with_d).sign()), Mentions("private or symmetric member"));
}

TEST(DpopProof, S3_RejectsASymmetricJwk) {
  EXPECT_THAT(rejected(Proof::es256().with_header("jwk", {{"kty", "oct"}, {"k", "aG1hYy1zZWNyZXQ"}}).sign()),
              Mentions("invalid jwk header"));
}

TEST(DpopProof, S3_RejectsAJwkThatDoesNotMatchTheAlg) {
  EXPECT_THAT(rejected(Proof::es256().with_header("jwk", bare_jwk(keys().rsa.get())).sign()),
              Mentions("jwk does not fit the alg"));
  EXPECT_THAT(rejected(Proof::ps256().with_header("jwk", bare_jwk(keys().ec.get())).sign()),
              Mentions("jwk does not fit the alg"));
}

TEST(DpopProof, S3_RejectsAnRsaJwkShorterThan2048Bits) {
  Proof p = Proof::ps256().with_header("jwk", bare_jwk(keys().rsa1024.get()));
  p.key = keys().rsa1024.get();
  EXPECT_THAT(rejected(p.sign()), Mentions("shorter than 2048"));
}

TEST(DpopProof, S3_RejectsABadSignature) {
  Proof by_other_key = Proof::es256();
  by_other_key.key = keys().other_ec.get();
  EXPECT_THAT(rejected(by_other_key.sign()), Mentions("signature invalid"));

  // Claims changed after signing: the signature no longer covers them.
  const std::string proof = Proof::es256().sign();
  const std::string forged_claims = Proof::es256().with("htu", "https://rs.example/api").claims.dump();
  const std::size_t first_dot = proof.find('.');
  const std::size_t second_dot = proof.find('.', first_dot + 1);
  const std::string forged =
      proof.substr(0, first_dot + 1) + jose::base64url_encode(forged_claims) + proof.substr(second_dot);
  EXPECT_THAT(rejected(forged), Mentions("signature invalid"));
}

TEST(DpopProof, S3_RejectsCritHeader) {
  EXPECT_THAT(rejected(Proof::es256().with_header("crit", {"exp"}).sign()), Mentions("crit header present"));
}

TEST(DpopProof, S3_RejectsProofWithoutJti) {
  EXPECT_THAT(rejected(Proof::es256().without("jti").sign()), Mentions("jti missing or invalid"));
}

TEST(DpopProof, S3_RejectsJtiThatIsEmptyLongerThan256OctetsOrNotAString) {
  EXPECT_THAT(rejected(Proof::es256().with("jti", "").sign()), Mentions("jti missing or invalid"));
  EXPECT_THAT(rejected(Proof::es256().with("jti", std::string(257, 'j')).sign()), Mentions("jti missing or invalid"));
  EXPECT_THAT(rejected(Proof::es256().with("jti", 42).sign()), Mentions("jti missing or invalid"));
  EXPECT_TRUE(validate(Proof::es256().with("jti", std::string(256, 'j')).sign()));
}

TEST(DpopProof, S3_RejectsProofWithoutHtm) {
  EXPECT_THAT(rejected(Proof::es256().without("htm").sign()), Mentions("htm missing or invalid"));
}

TEST(DpopProof, S3_RejectsProofWithoutHtu) {
  EXPECT_THAT(rejected(Proof::es256().without("htu").sign()), Mentions("htu missing or invalid"));
}

TEST(DpopProof, S3_RejectsProofWithoutIat) {
  EXPECT_THAT(rejected(Proof::es256().without("iat").sign()), Mentions("iat missing or invalid"));
  EXPECT_THAT(rejected(Proof::es256().with("iat", std::to_string(kNow)).sign()), Mentions("iat missing or invalid"));
  EXPECT_THAT(rejected(Proof::es256().with("iat", 1e300).sign()), Mentions("iat missing or invalid"));
  EXPECT_THAT(rejected(Proof::es256().with("iat", -1).sign()), Mentions("iat missing or invalid"));
}

TEST(DpopProof, S3_RejectsDuplicateClaims) {  // ATTACKS.md A13: no parser may pick another htu than ours
  Proof p = Proof::es256();
  std::string claims = p.claims.dump();
  claims.insert(claims.size() - 1, R"(,"htu":"https://rs.example/api")");
  EXPECT_THAT(rejected(jose::test::raw_jws(p.header.dump(), claims, p.key, p.alg)), Mentions("malformed JWS"));
}

TEST(DpopProof, S3_RejectsHtmOfAnotherMethod) {
  EXPECT_THAT(rejected(Proof::es256().with("htm", "GET").sign()), Mentions("htm does not match"));
  EXPECT_THAT(rejected(Proof::es256().with("htm", "post").sign()), Mentions("htm does not match"));  // RFC 9110 §9.1
  auto get = token_endpoint();
  get.method = http::Method::get;
  EXPECT_THAT(rejected(Proof::es256().sign(), get), Mentions("htm does not match"));
  EXPECT_TRUE(validate(Proof::es256().with("htm", "GET").sign(), get));
}

TEST(DpopProof, S3_RejectsHtuWithAnotherPath) {
  for (const char* htu : {"https://as.example/par", "https://as.example/token/", "https://as.example/Token",
                          "https://as.example/", "https://as.example"}) {
    EXPECT_THAT(rejected(Proof::es256().with("htu", htu).sign()), Mentions("htu does not match")) << htu;
  }
}

TEST(DpopProof, S3_RejectsHtuWithAnotherHostSchemeOrPort) {
  for (const char* htu : {"https://rs.example/token", "https://as.example.evil/token", "https://as.example:8443/token"}) {
    EXPECT_THAT(rejected(Proof::es256().with("htu", htu).sign()), Mentions("htu does not match")) << htu;
  }
  for (const char* htu : {"http://as.example/token", "as.example/token", "/token", "https://user@as.example/token",
                          "https://as.example:99999/token", "https://as.example/to ken", "https://as.example/%zz"}) {
    EXPECT_THAT(rejected(Proof::es256().with("htu", htu).sign()), Mentions("htu missing or invalid")) << htu;
  }
}

TEST(DpopProof, S3_IgnoresQueryAndFragmentOfHtu) {
  for (const char* htu : {"https://as.example/token?a=b", "https://as.example/token#frag",
                          "https://as.example/token?x=1#y", "https://as.example/token?"}) {
    auto r = validate(Proof::es256().with("htu", htu).sign());
    EXPECT_TRUE(r) << htu << ": " << r.error().detail;
  }
  auto with_query = token_endpoint();
  with_query.url = "https://as.example/token?from=server";
  EXPECT_TRUE(validate(Proof::es256().sign(), with_query));
}

TEST(DpopProof, S3_MatchesHtuWithUpperCaseSchemeAndHostAndTheDefaultPort) {
  for (const char* htu : {"HTTPS://AS.Example:443/token", "https://as.example:443/token", "https://as.example:/token",
                          "https://as.example/%74oken"}) {
    auto r = validate(Proof::es256().with("htu", htu).sign());
    EXPECT_TRUE(r) << htu << ": " << r.error().detail;
  }
  auto with_port = token_endpoint();
  with_port.url = "https://as.example:8443/token";
  EXPECT_TRUE(validate(Proof::es256().with("htu", "https://AS.EXAMPLE:8443/token").sign(), with_port));
}

TEST(DpopProof, CA5_AcceptsIatTenSecondsAhead) {
  EXPECT_TRUE(validate(Proof::es256().with("iat", kNow + 10).sign()));
}

TEST(DpopProof, CA5_RejectsIatSixtySecondsAhead) {
  EXPECT_THAT(rejected(Proof::es256().with("iat", kNow + 60).sign()), Mentions("iat is in the future"));
  auto widest = token_endpoint();
  widest.max_future_skew = 59s;  // config::kMaxClockSkewLimit
  EXPECT_THAT(rejected(Proof::es256().with("iat", kNow + 60).sign(), widest), Mentions("iat is in the future"));
}

TEST(DpopProof, S3_RejectsIatOneHourAhead) {
  EXPECT_THAT(rejected(Proof::es256().with("iat", kNow + 3600).sign()), Mentions("iat is in the future"));
}

TEST(DpopProof, S3_RejectsIatOneHourOld) {
  EXPECT_THAT(rejected(Proof::es256().with("iat", kNow - 3600).sign()), Mentions("iat is too old"));
}

TEST(DpopProof, S3_AcceptsIatTenSecondsOldAndFractionalIat) {
  EXPECT_TRUE(validate(Proof::es256().with("iat", kNow - 10).sign()));
  EXPECT_TRUE(validate(Proof::es256().with("iat", static_cast<double>(kNow) + 0.5).sign()));
  EXPECT_THAT(rejected(Proof::es256().with("iat", kNow - 61).sign()), Mentions("iat is too old"));
}

TEST(DpopProof, S3_RequiresAthWhenAnAccessTokenIsPresented) {
  auto rs = token_endpoint();
  rs.access_token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
  EXPECT_THAT(rejected(Proof::es256().sign(), rs), Mentions("ath missing"));
}

TEST(DpopProof, S3_RejectsAthOfAnotherToken) {
  auto rs = token_endpoint();
  rs.access_token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
  EXPECT_THAT(rejected(Proof::es256().with("ath", dpop_access_token_hash("another token")).sign(), rs),
              Mentions("ath does not match"));
  EXPECT_THAT(rejected(Proof::es256().with("ath", 1).sign(), rs), Mentions("ath is not a string"));
}

TEST(DpopProof, S3_AcceptsTheAthOfThePresentedToken) {
  // RFC 9449 §7.1: this access token has ath fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo.
  EXPECT_EQ(dpop_access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
            "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
  auto rs = token_endpoint();
  rs.access_token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
  auto r = validate(Proof::es256().with("ath", "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo").sign(), rs);
  EXPECT_TRUE(r) << r.error().detail;
}

TEST(DpopProof, TK9_RejectsAProofByAnotherKeyThanTheBoundOne) {
  auto bound = token_endpoint();
  bound.expected_jkt = jkt_of(keys().other_ec.get());
  EXPECT_THAT(rejected(Proof::es256().sign(), bound), Mentions("key does not match the bound key"));
}

TEST(DpopProof, P11_AcceptsAProofByTheKeyBoundAtPar) {
  auto bound = token_endpoint();
  bound.expected_jkt = jkt_of(keys().ec.get());
  EXPECT_TRUE(validate(Proof::es256().sign(), bound));
}

TEST(DpopProof, S3_IgnoresExtraHeaderMembersAndClaimsIncludingNbfAndExp) {
  auto proof = Proof::es256()
                   .with_header("kid", "k1")
                   .with_header("x-custom", {{"a", 1}})
                   .with("nbf", kNow + 3600)
                   .with("exp", kNow - 3600)
                   .with("iss", "client")
                   .sign();
  auto r = validate(proof);
  EXPECT_TRUE(r) << r.error().detail;
}

TEST(DpopProof, S3_ReturnsTheNonceClaimForTheCallerToCheck) {
  auto r = validate(Proof::es256().with("nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v").sign());
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->nonce, "eyJ7S_zG.eyJH0-Z.HX4w-7v");
  EXPECT_THAT(rejected(Proof::es256().with("nonce", 7).sign()), Mentions("nonce is not a string"));
}

// The fuzz seeds were made with Python's cryptography package, another JOSE implementation: its valid
// proofs must pass (for the fuzz target's expectations) and its near-valid ones must not.
TEST(DpopProof, S3_AcceptsTheProofsOfAnotherImplementationAndRefusesTheirNearMisses) {
  auto rs = token_endpoint();
  rs.access_token = "fuzz-access-token";
  int valid = 0;
  int near = 0;
  for (const auto& entry : std::filesystem::directory_iterator(FAPID_SOURCE_DIR "/fuzz/corpus/dpop_proof")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string name = entry.path().filename().string();
    if (name.starts_with("valid-rs-")) {
      ++valid;
      auto r = validate(text.str(), rs);
      EXPECT_TRUE(r) << name << ": " << r.error().detail;
    } else if (name.starts_with("valid-")) {
      ++valid;
      auto r = validate(text.str());
      EXPECT_TRUE(r) << name << ": " << r.error().detail;
    } else if (name.starts_with("near-")) {
      ++near;
      EXPECT_FALSE(validate(text.str())) << name;
    }
  }
  EXPECT_GE(valid, 3);
  EXPECT_GE(near, 3);
}

TEST(DpopProof, AnExpectedUrlThatIsNotHttpsIsAServerError) {
  auto misconfigured = token_endpoint();
  misconfigured.url = "http://as.example/token";
  auto r = validate(Proof::es256().sign(), misconfigured);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::server_error);
}

}  // namespace
}  // namespace fapid::oauth
