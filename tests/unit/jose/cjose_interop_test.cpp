// Cross-checks our JWS encoding (PSS parameters, ECDSA R||S) against an independent implementation:
// cjose verifies what KeyStore signs, and verify_jws accepts what cjose signs.
#include <gtest/gtest.h>

#include <cjose/cjose.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <memory>

#include "jose/jws_verify.hpp"
#include "jose/key_store.hpp"
#include "test_support.hpp"

namespace fapid::jose {
namespace {

using test::keys;

struct JwkFree {
  void operator()(cjose_jwk_t* k) const { cjose_jwk_release(k); }
};
struct JwsFree {
  void operator()(cjose_jws_t* j) const { cjose_jws_release(j); }
};
struct HeaderFree {
  void operator()(cjose_header_t* h) const { cjose_header_release(h); }
};
struct CjoseStringFree {
  void operator()(char* s) const { cjose_get_dealloc()(s); }
};
using Jwk = std::unique_ptr<cjose_jwk_t, JwkFree>;

std::shared_ptr<const KeyStore> server_store() {
  auto load = KeyStore::load({{"ps-1", config::KeyUse::sig, "PS256", keys().file("ps256.pem"), true},
                              {"es-1", config::KeyUse::sig, "ES256", keys().file("es256.pem"), true}});
  EXPECT_TRUE(load.errors.empty());
  return load.keys;
}

bool cjose_verifies(const std::string& compact, const std::string& jwk_json) {
  cjose_err err{};
  Jwk jwk(cjose_jwk_import(jwk_json.data(), jwk_json.size(), &err));
  if (!jwk) return false;
  std::unique_ptr<cjose_jws_t, JwsFree> jws(cjose_jws_import(compact.data(), compact.size(), &err));
  if (!jws) return false;
  return cjose_jws_verify(jws.get(), jwk.get(), &err);
}

std::string cjose_sign(cjose_jwk_t* jwk, const char* alg, const char* kid, const std::string& payload) {
  cjose_err err{};
  std::unique_ptr<cjose_header_t, HeaderFree> header(cjose_header_new(&err));
  cjose_header_set(header.get(), CJOSE_HDR_ALG, alg, &err);
  cjose_header_set(header.get(), CJOSE_HDR_KID, kid, &err);
  std::unique_ptr<cjose_jws_t, JwsFree> jws(cjose_jws_sign(
      jwk, header.get(), reinterpret_cast<const uint8_t*>(payload.data()), payload.size(), &err));
  if (!jws) return "";
  const char* compact = nullptr;
  if (!cjose_jws_export(jws.get(), &compact, &err)) return "";
  return compact;  // owned by jws; copied before release
}

TEST(CjoseInterop, CjoseVerifiesOurPs256AndEs256SignaturesWithThePublishedJwks) {
  auto store = server_store();
  auto jwks = nlohmann::json::parse(store->public_jwks_json());
  for (std::size_t i = 0; i < 2; ++i) {
    Alg alg = i == 0 ? Alg::PS256 : Alg::ES256;
    for (int round = 0; round < 20; ++round) {  // ECDSA: R or S with a leading zero octet now and then
      auto token = store->sign(alg, R"({"n":)" + std::to_string(round) + "}", "JWT");
      ASSERT_TRUE(token);
      EXPECT_TRUE(cjose_verifies(*token, jwks["keys"][i].dump())) << to_string(alg);
    }
  }
}

TEST(CjoseInterop, CjoseRejectsOurSignatureUnderAnotherKey) {
  auto store = server_store();
  auto token = store->sign(Alg::PS256, "{}", "JWT");
  EXPECT_FALSE(cjose_verifies(*token, test::jwk_of(keys().client_b.get(), "ps-1", "PS256").dump()));
}

TEST(CjoseInterop, WeVerifyPs256AndEs256SignaturesMadeByCjose) {
  cjose_err err{};
  static const uint8_t kE[] = {0x01, 0x00, 0x01};
  Jwk rsa(cjose_jwk_create_RSA_random(2048, kE, sizeof kE, &err));
  Jwk ec(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err));
  ASSERT_TRUE(rsa && ec);
  auto public_jwk = [](cjose_jwk_t* k, const char* kid) {
    cjose_err e{};
    std::unique_ptr<char, CjoseStringFree> text(cjose_jwk_to_json(k, false, &e));
    auto j = nlohmann::json::parse(text.get());
    j["kid"] = kid;
    return j;
  };
  nlohmann::json jwks{{"keys", {public_jwk(rsa.get(), "c-rsa"), public_jwk(ec.get(), "c-ec")}}};
  auto set = PublicKeySet::from_jwks_json(jwks.dump());
  ASSERT_TRUE(set) << set.error().detail;
  const std::string claims = R"({"iss":"cjose"})";
  for (int round = 0; round < 10; ++round) {
    auto ps = verify_jws(cjose_sign(rsa.get(), CJOSE_HDR_ALG_PS256, "c-rsa", claims), *set, {{Alg::PS256}});
    ASSERT_TRUE(ps) << ps.error().detail;
    EXPECT_EQ(ps->payload, claims);
    auto es = verify_jws(cjose_sign(ec.get(), CJOSE_HDR_ALG_ES256, "c-ec", claims), *set, {{Alg::ES256}});
    ASSERT_TRUE(es) << es.error().detail;
  }
  // And cjose's RS256 with the same key is still refused.
  auto rs = verify_jws(cjose_sign(rsa.get(), CJOSE_HDR_ALG_RS256, "c-rsa", claims), *set, {{Alg::PS256, Alg::ES256}});
  ASSERT_FALSE(rs);
  EXPECT_EQ(rs.error().description, kAlgorithmNotAllowed);
}

}  // namespace
}  // namespace fapid::jose
