// certs/make-dev-pki.sh: the development PKI the example configuration relies on. Lives with the
// JOSE tests because its one non-trivial output, the tpp-one JWKS, must match its private key.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "jose/jws_verify.hpp"
#include "jose/key_store.hpp"
#include "test_support.hpp"

namespace fapid::jose {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe)) out += buf;
  EXPECT_EQ(pclose(pipe), 0) << command << "\n" << out;
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class DevPki : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    run(std::string("bash ") + FAPID_SOURCE_DIR + "/certs/make-dev-pki.sh " + dir_->file("pki") + " 2>&1");
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string file(const std::string& name) { return dir_->file("pki/" + name); }
  static inline test::TempDir* dir_ = nullptr;
};

TEST_F(DevPki, Tpp1JwksIsThePublicHalfOfItsSigningKey) {
  auto store = KeyStore::load({{"tpp-one-sig", config::KeyUse::sig, "PS256", file("clients/tpp-one-sig.key"), true}});
  ASSERT_TRUE(store.errors.empty()) << store.errors.front();
  auto published = nlohmann::json::parse(slurp(file("clients/tpp-one.jwks.json")));
  auto expected = nlohmann::json::parse(store.keys->public_jwks_json());
  EXPECT_EQ(published, expected);
  // And it verifies what that key signs.
  auto set = PublicKeySet::from_jwks_json(slurp(file("clients/tpp-one.jwks.json")));
  ASSERT_TRUE(set) << set.error().detail;
  EXPECT_TRUE(verify_jws(store.keys->sign(Alg::PS256, R"({"iss":"tpp-one"})", "JWT").value(), *set, {{Alg::PS256}}));
}

TEST_F(DevPki, ServerKeysLoadForTheirAlgorithms) {
  auto store = KeyStore::load({{"ps", config::KeyUse::sig, "PS256", file("keys/signing-ps256.key"), true},
                               {"es", config::KeyUse::sig, "ES256", file("keys/signing-es256.key"), true},
                               {"enc", config::KeyUse::enc, "RSA-OAEP", file("keys/enc-rsa-oaep.key"), false}});
  EXPECT_TRUE(store.errors.empty());
  EXPECT_NE(slurp(file("keys/signing-ps256.key")).find("-----BEGIN PRIVATE KEY-----"), std::string::npos);  // PKCS#8
}

TEST_F(DevPki, ClientSubjectsAreExactlyTheConfiguredDistinguishedNames) {
  auto subject = [](const std::string& crt) {
    return run("openssl x509 -in " + file(crt) + " -noout -subject -nameopt RFC2253");
  };
  EXPECT_EQ(subject("clients/tpp-one.crt"), "subject=CN=tpp-one,OU=dev,O=Example TPP One,C=BR\n");
  EXPECT_EQ(subject("clients/tpp-two.crt"), "subject=CN=tpp-two,OU=dev,O=Example TPP Two,C=BR\n");
}

TEST_F(DevPki, ServerAndClientsChainToTheCaAndTheUntrustedClientDoesNot) {
  run("openssl verify -CAfile " + file("ca.crt") + " -purpose sslserver " + file("server.crt"));
  run("openssl verify -CAfile " + file("ca.crt") + " -purpose sslclient " + file("clients/tpp-one.crt") + " " +
      file("clients/tpp-two.crt"));
  FILE* pipe = popen(("openssl verify -CAfile " + file("ca.crt") + " " + file("untrusted/client.crt") + " 2>&1").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buf[256];
  while (std::fgets(buf, sizeof buf, pipe)) {}
  EXPECT_NE(pclose(pipe), 0);
}

TEST_F(DevPki, PortalSecretIs32RandomBytesInBase64urlWithoutNewline) {
  auto secret = slurp(file("secrets/portal-secret/client-secret"));
  EXPECT_EQ(secret.size(), 43u);
  auto bytes = base64url_decode(secret);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 32u);
}

TEST_F(DevPki, ASecondRunKeepsTheExistingPki) {
  auto before = slurp(file("ca.crt"));
  auto out = run(std::string("bash ") + FAPID_SOURCE_DIR + "/certs/make-dev-pki.sh " + dir_->file("pki"));
  EXPECT_NE(out.find("already holds a complete"), std::string::npos);
  EXPECT_EQ(slurp(file("ca.crt")), before);
}

}  // namespace
}  // namespace fapid::jose
