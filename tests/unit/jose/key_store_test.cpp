#include "jose/key_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "jose/jws_verify.hpp"
#include "jose/public_key_set.hpp"
#include "test_support.hpp"

namespace fapid::jose {
namespace {

using config::KeyFile;
using config::KeyUse;
using test::keys;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<KeyFile> server_keys() {
  return {
      {"ps-old", KeyUse::sig, "PS256", keys().file("ps256-old.pem"), false},
      {"ps-1", KeyUse::sig, "PS256", keys().file("ps256.pem"), true},
      {"es-1", KeyUse::sig, "ES256", keys().file("es256.pem"), true},
      {"enc-1", KeyUse::enc, "RSA-OAEP", keys().file("enc.pem"), false},
  };
}

std::shared_ptr<const KeyStore> load_ok(const std::vector<KeyFile>& files) {
  auto load = KeyStore::load(files);
  EXPECT_THAT(load.errors, ::testing::IsEmpty());
  return load.keys;
}

std::vector<std::string> load_errors(const std::vector<KeyFile>& files) {
  auto load = KeyStore::load(files);
  EXPECT_EQ(load.keys, nullptr);
  return load.errors;
}

std::string header_of(const std::string& compact) {
  return *base64url_decode(compact.substr(0, compact.find('.')));
}

TEST(KeyStore, JwksPublishesEveryKeyWithKidUseAndAlgAndNoPrivateMember) {
  auto store = load_ok(server_keys());
  ASSERT_TRUE(store);
  auto jwks = nlohmann::json::parse(store->public_jwks_json());
  ASSERT_EQ(jwks["keys"].size(), 4u);  // the inactive key is published too, for rotation
  std::vector<std::string> kids;
  for (const auto& k : jwks["keys"]) {
    kids.push_back(k.at("kid"));
    for (const char* priv : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) EXPECT_FALSE(k.contains(priv)) << priv;
    EXPECT_TRUE(k.contains("use"));
    EXPECT_TRUE(k.contains("alg"));
  }
  EXPECT_THAT(kids, ElementsAre("ps-old", "ps-1", "es-1", "enc-1"));
  EXPECT_EQ(jwks["keys"][2]["crv"], "P-256");
  EXPECT_EQ(jwks["keys"][2]["x"].get<std::string>().size(), 43u);  // 32 octets, unpadded
  EXPECT_EQ(jwks["keys"][3]["use"], "enc");
  EXPECT_EQ(jwks["keys"][3]["alg"], "RSA-OAEP");
  EXPECT_EQ(jwks["keys"][1]["e"], "AQAB");
}

TEST(KeyStore, ReportsActiveSigningAlgsPs256FirstAndTheEncryptionKey) {
  auto store = load_ok(server_keys());
  EXPECT_THAT(store->signing_algs(), ElementsAre(Alg::PS256, Alg::ES256));
  EXPECT_TRUE(store->has_encryption_key());
  auto only_es = load_ok({{"es-1", KeyUse::sig, "ES256", keys().file("es256.pem"), true},
                          {"ps-old", KeyUse::sig, "PS256", keys().file("ps256-old.pem"), false}});
  EXPECT_THAT(only_es->signing_algs(), ElementsAre(Alg::ES256));
  EXPECT_FALSE(only_es->has_encryption_key());
}

TEST(KeyStore, SignsWithTheActiveKeyNeverTheInactiveOne) {
  auto store = load_ok(server_keys());
  auto ps = store->sign(Alg::PS256, R"({"sub":"a"})", "JWT");
  ASSERT_TRUE(ps);
  EXPECT_EQ(header_of(*ps), R"({"alg":"PS256","kid":"ps-1","typ":"JWT"})");
  auto es = store->sign(Alg::ES256, R"({"sub":"a"})", "");
  ASSERT_TRUE(es);
  EXPECT_EQ(header_of(*es), R"({"alg":"ES256","kid":"es-1"})");
}

TEST(KeyStore, SigningWithoutAnActiveKeyIsAServerError) {
  auto store = load_ok({{"ps-old", KeyUse::sig, "PS256", keys().file("ps256-old.pem"), false}});
  auto r = store->sign(Alg::PS256, "{}", "JWT");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::server_error);
  EXPECT_FALSE(store->sign(Alg::ES256, "{}", "JWT"));
}

TEST(KeyStore, SignaturesVerifyThroughThePublishedJwks) {
  auto store = load_ok(server_keys());
  auto set = PublicKeySet::from_jwks_json(store->public_jwks_json());
  ASSERT_TRUE(set) << set.error().detail;
  for (Alg alg : {Alg::PS256, Alg::ES256}) {
    auto token = store->sign(alg, R"({"iss":"https://as.example"})", "JWT");
    ASSERT_TRUE(token);
    auto verified = verify_jws(*token, *set, {{Alg::PS256, Alg::ES256}});
    ASSERT_TRUE(verified) << verified.error().detail;
    EXPECT_EQ(verified->alg, alg);
    EXPECT_EQ(verified->payload, R"({"iss":"https://as.example"})");
  }
}

// KeyStore is shared by all worker threads; each sign() uses its own EVP_MD_CTX.
TEST(KeyStore, SignIsSafeFromManyThreadsAtOnce) {
  auto store = load_ok(server_keys());
  auto set = PublicKeySet::from_jwks_json(store->public_jwks_json()).value();
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Alg alg = (t + i) % 2 ? Alg::PS256 : Alg::ES256;
        auto token = store->sign(alg, R"({"i":)" + std::to_string(i) + "}", "JWT");
        if (token && verify_jws(*token, set, {{alg}})) ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 80);
}

TEST(KeyStore, NamesTheKeyOfEachLoadingError) {
  EXPECT_THAT(load_errors({{"a", KeyUse::sig, "PS256", keys().file("es256.pem"), true}}),
              ElementsAre(HasSubstr("keys[0].file: \"" + keys().file("es256.pem") + "\": not an RSA key")));
  EXPECT_THAT(load_errors({{"a", KeyUse::sig, "ES256", keys().file("ps256.pem"), true}}),
              ElementsAre(HasSubstr("keys[0].file: \"" + keys().file("ps256.pem") + "\": not an EC P-256 key")));
  EXPECT_THAT(load_errors({{"a", KeyUse::sig, "ES256", keys().file("p384.pem"), true}}),
              ElementsAre(HasSubstr("keys[0].file: ") /* P-384 is not P-256 */));
  EXPECT_THAT(load_errors({{"a", KeyUse::sig, "PS256", keys().file("rsa1024.pem"), true}}),
              ElementsAre(HasSubstr("keys[0].file: \"" + keys().file("rsa1024.pem") + "\": RSA key has 1024 bits")));
  EXPECT_THAT(load_errors({{"a", KeyUse::enc, "RSA-OAEP", keys().file("es256.pem"), false}}),
              ElementsAre(HasSubstr("keys[0].file: \"" + keys().file("es256.pem") + "\": not an RSA key")));
}

TEST(KeyStore, ReportsMissingGarbageAndEncryptedFilesWithoutPrompting) {
  test::TempDir dir;
  test::write_text(dir.file("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n");
  // An encrypted key must fail, not block on a passphrase prompt on the terminal.
  {
    OsslPtr<BIO> bio(BIO_new_file(dir.file("encrypted.pem").c_str(), "w"));
    ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(bio.get(), keys().ps256.get(), EVP_aes_256_cbc(), "pw", 2, nullptr,
                                            nullptr), 1);
  }
  auto errors = load_errors({{"a", KeyUse::sig, "PS256", dir.file("missing.pem"), true},
                             {"b", KeyUse::sig, "PS256", dir.file("garbage.pem"), false},
                             {"c", KeyUse::sig, "PS256", dir.file("encrypted.pem"), false}});
  EXPECT_THAT(errors, ElementsAre("keys[0].file: cannot read \"" + dir.file("missing.pem") + "\"",
                                  "keys[1].file: \"" + dir.file("garbage.pem") + "\" is not an unencrypted PEM private key",
                                  "keys[2].file: \"" + dir.file("encrypted.pem") + "\" is not an unencrypted PEM private key"));
}

TEST(KeyStore, RejectsBadKidsAlgsUsesAndTwoActiveKeysForOneAlg) {
  const auto ps = keys().file("ps256.pem");
  const auto old = keys().file("ps256-old.pem");
  EXPECT_THAT(load_errors({{"", KeyUse::sig, "PS256", ps, true}}), ElementsAre(HasSubstr("keys[0].kid: ")));
  EXPECT_THAT(load_errors({{"a b", KeyUse::sig, "PS256", ps, true}}), ElementsAre(HasSubstr("keys[0].kid: ")));
  EXPECT_THAT(load_errors({{"k", KeyUse::sig, "PS256", ps, true}, {"k", KeyUse::sig, "PS256", old, false}}),
              ElementsAre("keys[1].kid: duplicate kid \"k\""));
  EXPECT_THAT(load_errors({{"k", KeyUse::sig, "RS256", ps, true}}), ElementsAre(HasSubstr("keys[0].alg: unsupported")));
  EXPECT_THAT(load_errors({{"k", KeyUse::sig, "HS256", ps, true}}), ElementsAre(HasSubstr("keys[0].alg: unsupported")));
  EXPECT_THAT(load_errors({{"k", KeyUse::sig, "RSA-OAEP", ps, false}}), ElementsAre(HasSubstr("keys[0].use: ")));
  EXPECT_THAT(load_errors({{"k", KeyUse::enc, "PS256", ps, false}}), ElementsAre(HasSubstr("keys[0].use: ")));
  EXPECT_THAT(load_errors({{"a", KeyUse::sig, "PS256", ps, true}, {"b", KeyUse::sig, "PS256", old, true}}),
              ElementsAre("keys[1].active: keys[0] is already the active PS256 key"));
}

TEST(KeyStore, AnEmptyKeyListLoadsAndSignsNothing) {
  auto store = load_ok({});
  ASSERT_TRUE(store);
  EXPECT_EQ(store->public_jwks_json(), R"({"keys":[]})");
  EXPECT_TRUE(store->signing_algs().empty());
}

}  // namespace
}  // namespace fapid::jose
