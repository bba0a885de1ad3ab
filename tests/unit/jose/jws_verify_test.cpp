#include "jose/jws_verify.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace fapid::jose {
namespace {

using test::b64;
using test::jwk_of;
using test::keys;
using test::raw_jws;
using test::RawAlg;
using ordered = nlohmann::ordered_json;

constexpr const char* kClaims = R"({"iss":"client-a","aud":"https://as.example/auth","exp":1900000000})";

// Client A registered a PS256 key "a-rsa" and an ES256 key "a-ec".
const PublicKeySet& client_a() {
  static const PublicKeySet set =
      PublicKeySet::from_jwks_json(ordered{{"keys", {jwk_of(keys().ps256.get(), "a-rsa", "PS256"),
                                                     jwk_of(keys().es256.get(), "a-ec", "ES256")}}}
                                       .dump())
          .value();
  return set;
}

const VerifyPolicy kBoth{{Alg::PS256, Alg::ES256}};

Result<VerifiedJws> verify(const std::string& compact, const VerifyPolicy& policy = kBoth) {
  return verify_jws(compact, client_a(), policy);
}

// Asserts a rejection with the given public description; returns the private detail.
std::string rejected(const std::string& compact, std::string_view description, const VerifyPolicy& policy = kBoth) {
  auto r = verify(compact, policy);
  EXPECT_FALSE(r) << compact.substr(0, 200);
  if (r) return "";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(r.error().description, description) << r.error().detail;
  return r.error().detail;
}

std::string ps256_token(const std::string& header = R"({"alg":"PS256","kid":"a-rsa"})",
                        const std::string& claims = kClaims) {
  return raw_jws(header, claims, keys().ps256.get(), RawAlg::PS256);
}

std::string es256_token(const std::string& header = R"({"alg":"ES256","kid":"a-ec"})") {
  return raw_jws(header, kClaims, keys().es256.get(), RawAlg::ES256);
}

TEST(VerifyJws, AcceptsPs256AndEs256SignedByTheRegisteredKey) {
  auto ps = verify(ps256_token());
  ASSERT_TRUE(ps) << ps.error().detail;
  EXPECT_EQ(ps->alg, Alg::PS256);
  EXPECT_EQ(ps->kid, "a-rsa");
  EXPECT_EQ(ps->payload, kClaims);
  EXPECT_EQ(ps->header_json, R"({"alg":"PS256","kid":"a-rsa"})");
  auto es = verify(es256_token());
  ASSERT_TRUE(es) << es.error().detail;
  EXPECT_EQ(es->alg, Alg::ES256);
}

TEST(VerifyJws, WithoutKidTriesTheKeysThatFitTheAlg) {
  auto r = verify(ps256_token(R"({"alg":"PS256"})"));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->kid, "a-rsa");
}

TEST(VerifyJws, RejectsAnAlgorithmOutsideThePolicy) {
  rejected(es256_token(), kAlgorithmNotAllowed, VerifyPolicy{{Alg::PS256}});
  rejected(ps256_token(), kAlgorithmNotAllowed, VerifyPolicy{{}});
}

TEST(VerifyJws, A01_RejectsAlgNoneInAnyCase) {
  for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
    std::string unsigned_part = b64(std::string(R"({"alg":")") + alg + R"("})") + "." + b64(kClaims);
    rejected(unsigned_part + ".", kMalformedJws);  // RFC 7519 §6.1 unsecured JWT: empty signature
    rejected(unsigned_part + "." + b64("x"), kAlgorithmNotAllowed);
  }
}

TEST(VerifyJws, A02_RejectsRs256EvenWithTheRegisteredKey) {
  rejected(raw_jws(R"({"alg":"RS256","kid":"a-rsa"})", kClaims, keys().ps256.get(), RawAlg::RS256),
           kAlgorithmNotAllowed);
}

// OpenID Connect Core §15.1: an external IdP signs with RS256; a verifier that allows it says so.
TEST(VerifyJws, AcceptsRs256OnlyWhereThePolicyListsIt) {
  const VerifyPolicy rs256_only{{Alg::RS256}};
  auto idp = PublicKeySet::from_jwks_json(ordered{{"keys", {jwk_of(keys().ps256.get(), "idp-1", "RS256")}}}.dump()).value();
  const auto token = raw_jws(R"({"alg":"RS256","kid":"idp-1"})", kClaims, keys().ps256.get(), RawAlg::RS256);
  auto ok = verify_jws(token, idp, rs256_only);
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_EQ(ok->alg, Alg::RS256);
  EXPECT_EQ(verify_jws(token, idp, kBoth).error().description, kAlgorithmNotAllowed);
  // A PSS signature under an RS256 header is no RS256 signature, and a key pinned to PS256 never verifies RS256.
  const auto pss = raw_jws(R"({"alg":"RS256","kid":"idp-1"})", kClaims, keys().ps256.get(), RawAlg::PS256);
  EXPECT_EQ(verify_jws(pss, idp, rs256_only).error().description, kSignatureInvalid);
  EXPECT_EQ(verify_jws(raw_jws(R"({"alg":"RS256","kid":"a-rsa"})", kClaims, keys().ps256.get(), RawAlg::RS256), client_a(),
                       rs256_only)
                .error()
                .description,
            kNoMatchingKey);
}

TEST(VerifyJws, A03_RejectsHs256KeyedWithTheClientsPublicKey) {
  // The classic key-confusion attack: HMAC keyed with the bytes of the RSA public key or JWK.
  for (std::string secret : {jwk_of(keys().ps256.get(), "a-rsa", "PS256").dump(),
                             *base64url_decode(jwk_of(keys().ps256.get(), "a-rsa", "PS256")["n"].get<std::string>())}) {
    rejected(raw_jws(R"({"alg":"HS256","kid":"a-rsa"})", kClaims, nullptr, RawAlg::HMAC_SHA256, secret),
             kAlgorithmNotAllowed);
  }
}

TEST(VerifyJws, A04_RejectsAnAlgThatDoesNotMatchTheKeyType) {
  rejected(raw_jws(R"({"alg":"ES384","kid":"a-ec"})", kClaims, keys().es256.get(), RawAlg::ES256),
           kAlgorithmNotAllowed);
  // The reverse: an allowed alg naming a key of the other type.
  rejected(raw_jws(R"({"alg":"ES256","kid":"a-rsa"})", kClaims, keys().es256.get(), RawAlg::ES256), kNoMatchingKey);
  rejected(raw_jws(R"({"alg":"PS256","kid":"a-ec"})", kClaims, keys().ps256.get(), RawAlg::PS256), kNoMatchingKey);
}

TEST(VerifyJws, A05_RejectsATokenSignedWithAnotherClientsKey) {
  rejected(raw_jws(R"({"alg":"PS256","kid":"a-rsa"})", kClaims, keys().client_b.get(), RawAlg::PS256),
           kSignatureInvalid);
  rejected(raw_jws(R"({"alg":"PS256","kid":"b-rsa"})", kClaims, keys().client_b.get(), RawAlg::PS256),
           kNoMatchingKey);
  rejected(raw_jws(R"({"alg":"PS256"})", kClaims, keys().client_b.get(), RawAlg::PS256), kSignatureInvalid);
}

TEST(VerifyJws, A09_EmbeddedOrRemoteKeyHeadersNeverChooseTheKey) {
  auto attacker = test::make_ec();
  auto attacker_jwk = jwk_of(attacker.get(), "evil", "ES256");
  ordered header{{"alg", "ES256"}, {"jwk", attacker_jwk}};
  rejected(raw_jws(header.dump(), kClaims, attacker.get(), RawAlg::ES256), kSignatureInvalid);
  header["kid"] = "a-ec";
  header["jku"] = "https://attacker.example/jwks";
  header["x5u"] = "https://attacker.example/cert.pem";
  header["x5c"] = {"MIIB"};
  rejected(raw_jws(header.dump(), kClaims, attacker.get(), RawAlg::ES256), kSignatureInvalid);
  // The same headers on a token the registered key did sign are ignored, not trusted.
  EXPECT_TRUE(verify(raw_jws(header.dump(), kClaims, keys().es256.get(), RawAlg::ES256)));
}

TEST(VerifyJws, A09_HostileKidsFindNoKey) {
  for (const std::string& kid : {std::string("../../x"), std::string("' OR 1=1 --"), std::string("a-rsa\0", 6),
                                 std::string("A-RSA"), std::string("a-rsa ")}) {
    rejected(ps256_token(ordered{{"alg", "PS256"}, {"kid", kid}}.dump()), kNoMatchingKey);
  }
  rejected(ps256_token(R"({"alg":"PS256","kid":""})"), kMalformedJws);
  rejected(ps256_token(R"({"alg":"PS256","kid":7})"), kMalformedJws);
}

TEST(VerifyJws, A10_RejectsAnyCritHeaderEvenEmpty) {
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa","crit":["exp"],"exp":1})"), kMalformedJws);
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa","crit":["b64"],"b64":false})"), kMalformedJws);
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa","crit":[]})"), kMalformedJws);
}

TEST(VerifyJws, RejectsTheBase64urlThatAbortsCjose) {
  const std::string good = ps256_token();
  const auto dot1 = good.find('.');
  const auto dot2 = good.rfind('.');
  for (const char* bad : {"A=BC", "A===", "A", "Zg=="}) {
    rejected(std::string(bad) + good.substr(dot1), kMalformedJws);
    rejected(good.substr(0, dot1 + 1) + bad + good.substr(dot2), kMalformedJws);
    rejected(good.substr(0, dot2 + 1) + bad, kMalformedJws);
  }
}

TEST(VerifyJws, RejectsCharactersOutsideTheCompactAlphabet) {
  const std::string good = ps256_token();
  for (std::string bad : {std::string(" "), std::string("+"), std::string("/"), std::string("\0", 1), std::string("\x80"),
                          std::string("\n"), std::string("\"")}) {
    rejected(good + bad, kMalformedJws);
    rejected(bad + good, kMalformedJws);
  }
}

TEST(VerifyJws, RejectsWrongSegmentCountsAndEmptySegments) {
  const std::string good = ps256_token();
  const std::string h = good.substr(0, good.find('.'));
  rejected("", kMalformedJws);
  rejected(h, kMalformedJws);
  rejected(h + "." + b64(kClaims), kMalformedJws);
  rejected(good + "." + h, kMalformedJws);
  rejected(good + "." + h + "." + h, kMalformedJws);  // a JWE has five
  rejected(".." , kMalformedJws);
  rejected("." + b64(kClaims) + ".AAAA", kMalformedJws);
  rejected(h + "..AAAA", kMalformedJws);
  rejected(good.substr(0, good.rfind('.') + 1), kMalformedJws);
}

TEST(VerifyJws, RejectsInputOverTheSizeLimitBeforeParsing) {
  const std::string good = ps256_token();
  rejected(good, kMalformedJws, VerifyPolicy{{Alg::PS256}, good.size() - 1});
  EXPECT_TRUE(verify(good, VerifyPolicy{{Alg::PS256}, good.size()}));
  rejected(std::string(2 * 1024 * 1024, 'A'), kMalformedJws);  // ATTACKS.md A13: 2 MiB
}

TEST(VerifyJws, RejectsDuplicateHeaderMembersAndClaims) {
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa","alg":"PS256"})"), kMalformedJws);
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa"})", R"({"sub":"a","sub":"b"})"), kMalformedJws);
}

TEST(VerifyJws, RejectsDeepNestingAndNonObjectHeadersOrPayloads) {
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa","x":)" + deep + "}"), kMalformedJws);
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa"})", R"({"x":)" + deep + "}"), kMalformedJws);
  rejected(ps256_token(R"(["PS256"])"), kMalformedJws);
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa"})", R"("just a string")"), kMalformedJws);
  rejected(ps256_token(R"({"alg":"PS256","kid":"a-rsa"})", "not json"), kMalformedJws);
  rejected(ps256_token(R"({"kid":"a-rsa"})"), kMalformedJws);
  rejected(ps256_token(R"({"alg":["PS256"],"kid":"a-rsa"})"), kMalformedJws);
}

TEST(VerifyJws, RejectsTruncatedOrDerEncodedEs256Signatures) {
  const std::string good = es256_token();
  const auto dot2 = good.rfind('.');
  const std::string sig = *base64url_decode(good.substr(dot2 + 1));
  ASSERT_EQ(sig.size(), 64u);
  for (const std::string& bad : {sig.substr(0, 63), sig.substr(0, 32), sig + "\x01", std::string(64, '\0')}) {
    rejected(good.substr(0, dot2 + 1) + b64(bad), kSignatureInvalid);
  }
  rejected(raw_jws(R"({"alg":"ES256","kid":"a-ec"})", kClaims, keys().es256.get(), RawAlg::ES256_DER),
           kSignatureInvalid);
}

TEST(VerifyJws, RejectsAnRsaSignatureOfTheWrongLength) {
  const std::string good = ps256_token();
  const auto dot2 = good.rfind('.');
  const std::string sig = *base64url_decode(good.substr(dot2 + 1));
  rejected(good.substr(0, dot2 + 1) + b64(sig.substr(0, sig.size() - 1)), kSignatureInvalid);
  rejected(good.substr(0, dot2 + 1) + b64(std::string(1, '\0') + sig), kSignatureInvalid);
}

TEST(VerifyJws, RejectsAChangedPayloadOrHeader) {
  const std::string good = ps256_token();
  const auto dot1 = good.find('.');
  const auto dot2 = good.rfind('.');
  rejected(good.substr(0, dot1 + 1) + b64(R"({"iss":"client-a","admin":true})") + good.substr(dot2), kSignatureInvalid);
  rejected(b64(R"({"kid":"a-rsa","alg":"PS256"})") + good.substr(dot1), kSignatureInvalid);
}

TEST(VerifyJws, NeverUsesEncryptionKeysOrKeysPinnedToAnotherAlg) {
  auto enc = jwk_of(keys().ps256.get(), "a-rsa", "RSA-OAEP");
  enc["use"] = "enc";
  auto rs = jwk_of(keys().ps256.get(), "a-rs", "RS256");
  auto set = PublicKeySet::from_jwks_json(ordered{{"keys", {enc, rs}}}.dump()).value();
  for (const char* header : {R"({"alg":"PS256","kid":"a-rsa"})", R"({"alg":"PS256","kid":"a-rs"})", R"({"alg":"PS256"})"}) {
    auto r = verify_jws(ps256_token(header), set, kBoth);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().description, kNoMatchingKey) << header;
  }
}

TEST(VerifyJws, WithoutKidRefusesToTryMoreThanAHandfulOfKeys) {
  ordered list = ordered::array();
  for (std::size_t i = 0; i <= kMaxKidlessCandidates; ++i) list.push_back(jwk_of(keys().es256.get(), std::to_string(i), "ES256"));
  auto set = PublicKeySet::from_jwks_json(ordered{{"keys", list}}.dump()).value();
  auto r = verify_jws(es256_token(R"({"alg":"ES256"})"), set, kBoth);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().description, kNoMatchingKey);
  EXPECT_TRUE(verify_jws(es256_token(R"({"alg":"ES256","kid":"3"})"), set, kBoth));
}

TEST(VerifyJws, AnEmptyKeySetVerifiesNothing) {
  auto r = verify_jws(ps256_token(), PublicKeySet(), kBoth);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().description, kNoMatchingKey);
}

}  // namespace
}  // namespace fapid::jose
