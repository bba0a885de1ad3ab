// JWE (RFC 7516) with RSA-OAEP and A256GCM only: KeyStore::decrypt_jwe for request objects sent as
// nested JWTs (RFC 9101 §6.1), encrypt_jwe for ID tokens encrypted to a client (SPEC I7). Attack tokens
// are built here with OpenSSL directly (raw_jwe) so each one is well-formed except for the one thing
// under test; cjose is the independent implementation for the interop tests.
#include "jose/jwe.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cjose/cjose.h>
#include <nlohmann/json.hpp>
#include <openssl/core_names.h>
#include <openssl/rand.h>

#include <atomic>
#include <thread>

#include "jose/jws_verify.hpp"
#include "jose/key_store.hpp"
#include "test_support.hpp"

namespace fapid::jose {
namespace {

using config::KeyUse;
using test::b64;
using test::keys;
using ::testing::HasSubstr;

constexpr std::size_t kMax = 64 * 1024;
constexpr std::string_view kClaims = R"({"iss":"tpp-one","aud":"https://as.example"})";
const std::string kHeader = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1"})";

// ---- OpenSSL-built JWEs, correct except where the options say otherwise -------------------------

struct RawJwe {
  std::string header = kHeader;
  int padding = RSA_PKCS1_OAEP_PADDING;  // RSA_PKCS1_PADDING makes a real RSA1_5 key wrap
  const EVP_MD* oaep_md = EVP_sha1();    // EVP_sha256() makes a real RSA-OAEP-256 key wrap
  bool wrap_key = true;                  // false: empty encrypted key, as "dir" has
  std::size_t cek_bytes = 32;            // 16 selects AES-128-GCM
  std::size_t iv_bytes = 12;
  std::size_t tag_bytes = 16;
};

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) throw std::runtime_error("RAND");
  return out;
}

std::string raw_jwe(EVP_PKEY* recipient, std::string_view plaintext, const RawJwe& o = {}) {
  const std::string cek = random_bytes(o.cek_bytes);
  const std::string iv = random_bytes(o.iv_bytes);
  std::string wrapped;
  if (o.wrap_key) {
    OsslPtr<EVP_PKEY_CTX> rsa(EVP_PKEY_CTX_new_from_pkey(nullptr, recipient, nullptr));
    std::size_t len = 0;
    EVP_PKEY_encrypt_init(rsa.get());
    EVP_PKEY_CTX_set_rsa_padding(rsa.get(), o.padding);
    if (o.padding == RSA_PKCS1_OAEP_PADDING) {
      EVP_PKEY_CTX_set_rsa_oaep_md(rsa.get(), o.oaep_md);
      EVP_PKEY_CTX_set_rsa_mgf1_md(rsa.get(), o.oaep_md);
    }
    const auto* in = reinterpret_cast<const unsigned char*>(cek.data());
    EVP_PKEY_encrypt(rsa.get(), nullptr, &len, in, cek.size());
    wrapped.resize(len);
    if (EVP_PKEY_encrypt(rsa.get(), reinterpret_cast<unsigned char*>(wrapped.data()), &len, in, cek.size()) != 1) {
      throw std::runtime_error("RSA encrypt failed");
    }
    wrapped.resize(len);
  }
  const std::string header_b64 = b64(o.header);
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string ciphertext(plaintext.size() + 16, '\0');
  std::string tag(o.tag_bytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(ciphertext.data());
  int len = 0;
  int total = 0;
  EVP_EncryptInit_ex(ctx.get(), o.cek_bytes == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm(), nullptr, nullptr, nullptr);
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(o.iv_bytes), nullptr);
  EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, reinterpret_cast<const unsigned char*>(cek.data()),
                     reinterpret_cast<const unsigned char*>(iv.data()));
  EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(header_b64.data()),
                    static_cast<int>(header_b64.size()));
  EVP_EncryptUpdate(ctx.get(), out, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                    static_cast<int>(plaintext.size()));
  total = len;
  EVP_EncryptFinal_ex(ctx.get(), out + total, &len);
  ciphertext.resize(static_cast<std::size_t>(total + len));
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(o.tag_bytes), tag.data()) != 1) {
    throw std::runtime_error("GCM tag failed");
  }
  return header_b64 + "." + b64(wrapped) + "." + b64(iv) + "." + b64(ciphertext) + "." + b64(tag);
}

std::vector<std::string> segments(const std::string& compact) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t dot; (dot = compact.find('.', start)) != std::string::npos; start = dot + 1) {
    out.push_back(compact.substr(start, dot - start));
  }
  out.push_back(compact.substr(start));
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out = parts.at(0);
  for (std::size_t i = 1; i < parts.size(); ++i) out += "." + parts[i];
  return out;
}

// Flips the lowest bit of the first decoded octet of segment `index`.
std::string flip_bit(const std::string& compact, std::size_t index) {
  auto parts = segments(compact);
  std::string raw = *base64url_decode(parts.at(index));
  raw.at(0) = static_cast<char>(raw.at(0) ^ 1);
  parts[index] = b64(raw);
  return join(parts);
}

// ---- stores and key sets -------------------------------------------------------------------------

std::shared_ptr<const KeyStore> store_of(std::vector<config::KeyFile> files) {
  auto load = KeyStore::load(files);
  EXPECT_TRUE(load.errors.empty()) << (load.errors.empty() ? "" : load.errors.front());
  return load.keys;
}

const KeyStore& server() {
  static const auto store = store_of({{"ps-1", KeyUse::sig, "PS256", keys().file("ps256.pem"), true},
                                      {"enc-1", KeyUse::enc, "RSA-OAEP", keys().file("enc.pem"), false}});
  return *store;
}

PublicKeySet set_of(const nlohmann::ordered_json& jwks) {
  auto set = PublicKeySet::from_jwks_json(jwks.dump());
  EXPECT_TRUE(set) << set.error().detail;
  return set ? *set : PublicKeySet();
}

nlohmann::ordered_json enc_jwk(EVP_PKEY* key, const std::string& kid) { return *public_jwk(key, kid, "enc", "RSA-OAEP"); }

void expect_rejected(const KeyStore& store, const std::string& compact, const std::string& detail,
                     std::size_t max_bytes = kMax) {
  auto r = store.decrypt_jwe(compact, max_bytes);
  ASSERT_FALSE(r) << "accepted: " << compact;
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(r.error().description, kJweNotDecrypted);  // never says which check failed
  EXPECT_THAT(r.error().detail, HasSubstr(detail));
}

void expect_rejected(const std::string& compact, const std::string& detail) {
  expect_rejected(server(), compact, detail);
}

// ---- cjose --------------------------------------------------------------------------------------

struct CjoseFree {
  void operator()(cjose_jwk_t* p) const { cjose_jwk_release(p); }
  void operator()(cjose_jwe_t* p) const { cjose_jwe_release(p); }
  void operator()(cjose_header_t* p) const { cjose_header_release(p); }
  void operator()(char* p) const { cjose_get_dealloc()(p); }
  void operator()(uint8_t* p) const { cjose_get_dealloc()(p); }
};
template <class T>
using Cjose = std::unique_ptr<T, CjoseFree>;

// The private JWK of an OpenSSL RSA key (RFC 7518 §6.3.2), for cjose only.
std::string private_rsa_jwk(EVP_PKEY* key) {
  nlohmann::ordered_json jwk{{"kty", "RSA"}};
  const std::pair<const char*, const char*> members[] = {
      {"n", OSSL_PKEY_PARAM_RSA_N},          {"e", OSSL_PKEY_PARAM_RSA_E},
      {"d", OSSL_PKEY_PARAM_RSA_D},          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
      {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},    {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
      {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}};
  for (const auto& [member, param] : members) {
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, param, &raw) != 1) throw std::runtime_error(param);
    OsslPtr<BIGNUM> bn(raw);
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn.get())), '\0');
    BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
    jwk[member] = b64(bytes);
  }
  return jwk.dump();
}

std::string cjose_encrypt(const std::string& jwk_json, const char* kid, const std::string& plaintext) {
  cjose_err err{};
  Cjose<cjose_jwk_t> jwk(cjose_jwk_import(jwk_json.data(), jwk_json.size(), &err));
  Cjose<cjose_header_t> header(cjose_header_new(&err));
  if (!jwk || !header) return "";
  cjose_header_set(header.get(), CJOSE_HDR_ALG, CJOSE_HDR_ALG_RSA_OAEP, &err);
  cjose_header_set(header.get(), CJOSE_HDR_ENC, CJOSE_HDR_ENC_A256GCM, &err);
  cjose_header_set(header.get(), CJOSE_HDR_KID, kid, &err);
  cjose_header_set(header.get(), CJOSE_HDR_CTY, "JWT", &err);
  Cjose<cjose_jwe_t> jwe(cjose_jwe_encrypt(jwk.get(), header.get(),
                                           reinterpret_cast<const uint8_t*>(plaintext.data()), plaintext.size(), &err));
  if (!jwe) return "";
  Cjose<char> compact(cjose_jwe_export(jwe.get(), &err));
  return compact ? std::string(compact.get()) : "";
}

std::optional<std::string> cjose_decrypt(const std::string& compact, const std::string& jwk_json) {
  cjose_err err{};
  Cjose<cjose_jwk_t> jwk(cjose_jwk_import(jwk_json.data(), jwk_json.size(), &err));
  Cjose<cjose_jwe_t> jwe(cjose_jwe_import(compact.data(), compact.size(), &err));
  if (!jwk || !jwe) return std::nullopt;
  std::size_t len = 0;
  Cjose<uint8_t> plaintext(cjose_jwe_decrypt(jwe.get(), jwk.get(), &len, &err));
  if (!plaintext) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(plaintext.get()), len);
}

// ---- round trip and interop ---------------------------------------------------------------------

TEST(Jwe, RoundTripsANestedJwtThroughThePublishedEncryptionKey) {
  auto published = PublicKeySet::from_jwks_json(server().public_jwks_json());
  ASSERT_TRUE(published) << published.error().detail;
  const std::string jws = server().sign(Alg::PS256, kClaims, "JWT").value();
  auto jwe = encrypt_jwe(*published, jws, "JWT");
  ASSERT_TRUE(jwe) << jwe.error().detail;
  auto out = server().decrypt_jwe(*jwe, kMax);
  ASSERT_TRUE(out) << out.error().detail;
  EXPECT_EQ(out->plaintext, jws);
  EXPECT_EQ(out->kid, "enc-1");
  EXPECT_EQ(out->cty, "JWT");
  // RFC 9101 §6.1: the inner JWS then verifies as usual.
  EXPECT_TRUE(verify_jws(out->plaintext, *published, {{Alg::PS256}}));
}

TEST(Jwe, HeaderIsAlgEncKidAndCtyOnlyAndEachEncryptionIsFresh) {
  auto set = set_of({{"keys", {enc_jwk(keys().enc.get(), "enc-1")}}});
  auto a = encrypt_jwe(set, "x", "JWT").value();
  auto b = encrypt_jwe(set, "x", "").value();
  EXPECT_EQ(*base64url_decode(segments(a)[0]), R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1","cty":"JWT"})");
  EXPECT_EQ(*base64url_decode(segments(b)[0]), R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1"})");
  EXPECT_NE(segments(a)[1], segments(b)[1]);  // content key
  EXPECT_NE(segments(a)[2], segments(b)[2]);  // IV
  EXPECT_EQ(base64url_decode(segments(a)[2])->size(), 12u);
  EXPECT_EQ(base64url_decode(segments(a)[4])->size(), 16u);
}

TEST(Jwe, EmptyPlaintextRoundTrips) {
  auto set = PublicKeySet::from_jwks_json(server().public_jwks_json()).value();
  auto out = server().decrypt_jwe(encrypt_jwe(set, "", "").value(), kMax);
  ASSERT_TRUE(out) << out.error().detail;
  EXPECT_EQ(out->plaintext, "");
  EXPECT_EQ(out->cty, "");
}

TEST(Jwe, DecryptsAJweMadeByCjose) {
  auto jwks = nlohmann::json::parse(server().public_jwks_json());
  const std::string jws = server().sign(Alg::PS256, kClaims, "JWT").value();
  for (int round = 0; round < 5; ++round) {
    auto compact = cjose_encrypt(jwks["keys"][1].dump(), "enc-1", jws);
    ASSERT_FALSE(compact.empty());
    auto out = server().decrypt_jwe(compact, kMax);
    ASSERT_TRUE(out) << out.error().detail;
    EXPECT_EQ(out->plaintext, jws);
    EXPECT_EQ(out->kid, "enc-1");
    EXPECT_EQ(out->cty, "JWT");
  }
}

TEST(Jwe, CjoseDecryptsWhatEncryptJweMakes) {
  auto set = set_of({{"keys", {enc_jwk(keys().enc.get(), "enc-1")}}});
  const std::string private_jwk = private_rsa_jwk(keys().enc.get());
  for (const std::string& plaintext : std::vector<std::string>{"a", "header.payload.signature", std::string(3000, 'z')}) {
    auto compact = encrypt_jwe(set, plaintext, "JWT");
    ASSERT_TRUE(compact);
    EXPECT_EQ(cjose_decrypt(*compact, private_jwk), plaintext);
  }
  // And cjose with another key does not.
  auto compact = encrypt_jwe(set, "secret", "").value();
  EXPECT_EQ(cjose_decrypt(compact, private_rsa_jwk(keys().client_b.get())), std::nullopt);
}

// ---- key choice ---------------------------------------------------------------------------------

TEST(Jwe, WithoutKidTriesEachServerEncryptionKey) {
  auto store = store_of({{"enc-a", KeyUse::enc, "RSA-OAEP", keys().file("ps256-old.pem"), false},
                         {"enc-b", KeyUse::enc, "RSA-OAEP", keys().file("enc.pem"), false}});
  auto out = store->decrypt_jwe(raw_jwe(keys().enc.get(), "hi", {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM"})"}), kMax);
  ASSERT_TRUE(out) << out.error().detail;
  EXPECT_EQ(out->plaintext, "hi");
  EXPECT_EQ(out->kid, "enc-b");
}

TEST(Jwe, WithoutKidRefusesToTryMoreThanFourKeys) {
  std::vector<config::KeyFile> files;
  for (int i = 0; i < 5; ++i) files.push_back({"enc-" + std::to_string(i), KeyUse::enc, "RSA-OAEP", keys().file("enc.pem"), false});
  auto store = store_of(files);
  expect_rejected(*store, raw_jwe(keys().enc.get(), "hi", {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM"})"}),
                  "kid required");
  EXPECT_TRUE(store->decrypt_jwe(raw_jwe(keys().enc.get(), "hi", {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-4"})"}), kMax));
}

TEST(Jwe, RejectsAKidThatNamesNoServerEncryptionKey) {
  expect_rejected(raw_jwe(keys().enc.get(), "hi", {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"nope"})"}),
                  "no server encryption key with that kid");
  // A signing key's kid is not an encryption key.
  expect_rejected(raw_jwe(keys().ps256.get(), "hi", {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"ps-1"})"}),
                  "no server encryption key with that kid");
}

TEST(Jwe, RejectsAJweEncryptedToAnotherKey) {
  expect_rejected(raw_jwe(keys().client_b.get(), kClaims), "key unwrap or tag check failed");
}

TEST(Jwe, AStoreWithoutEncryptionKeysDecryptsNothing) {
  auto store = store_of({{"ps-1", KeyUse::sig, "PS256", keys().file("ps256.pem"), true}});
  expect_rejected(*store, raw_jwe(keys().enc.get(), kClaims), "no server encryption key");
}

// ---- K4 / OFB: one algorithm pair -----------------------------------------------------------------

TEST(Jwe, K4_RejectsRsa1_5KeyWrap) {
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA1_5","enc":"A256GCM","kid":"enc-1"})",
                                                      .padding = RSA_PKCS1_PADDING}),
                  "alg is not RSA-OAEP");
}

TEST(Jwe, RejectsRsaOaep256AndDirectKeyAgreement) {
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"enc-1"})",
                                                      .oaep_md = EVP_sha256()}),
                  "alg is not RSA-OAEP");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"dir","enc":"A256GCM","kid":"enc-1"})",
                                                      .wrap_key = false}),
                  "alg is not RSA-OAEP");
  // RSA-OAEP-256 wrapping under an "RSA-OAEP" header fails the unwrap.
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.oaep_md = EVP_sha256()}), "key unwrap or tag check failed");
}

TEST(Jwe, RejectsContentEncryptionOtherThanA256gcm) {
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A128GCM","kid":"enc-1"})",
                                                      .cek_bytes = 16}),
                  "enc is not A256GCM");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A256CBC-HS512","kid":"enc-1"})"}),
                  "enc is not A256GCM");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","kid":"enc-1"})"}), "enc is not A256GCM");
  // A 16-octet content key under an A256GCM header fails the unwrap's length check.
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.cek_bytes = 16}), "key unwrap or tag check failed");
}

// ---- A11: zip, tag and IV lengths -----------------------------------------------------------------

TEST(Jwe, A11_RejectsZipDeflateWithoutDecompressing) {
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1","zip":"DEF"})"}),
                  "zip present");
}

TEST(Jwe, A10_RejectsAnyCritHeader) {
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1","crit":["exp"],"exp":1})"}),
                  "crit present");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1","crit":[]})"}),
                  "crit present");
}

TEST(Jwe, A11_RejectsTruncatedTag) {  // CVE-2023-37464
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.tag_bytes = 4}), "tag is not 16 octets");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.tag_bytes = 12}), "tag is not 16 octets");
}

TEST(Jwe, A11_RejectsIvOtherThan12Octets) {
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.iv_bytes = 8}), "IV is not 12 octets");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.iv_bytes = 16}), "IV is not 12 octets");
}

// ---- integrity ----------------------------------------------------------------------------------

TEST(Jwe, RejectsAFlippedBitInCiphertextTagIvHeaderOrEncryptedKey) {
  const std::string good = raw_jwe(keys().enc.get(), kClaims);
  ASSERT_TRUE(server().decrypt_jwe(good, kMax));
  expect_rejected(flip_bit(good, 3), "key unwrap or tag check failed");  // ciphertext
  expect_rejected(flip_bit(good, 4), "key unwrap or tag check failed");  // tag
  expect_rejected(flip_bit(good, 2), "key unwrap or tag check failed");  // IV
  expect_rejected(flip_bit(good, 1), "key unwrap or tag check failed");  // encrypted key
  // The header is the AAD: a re-encoded equivalent header fails the tag.
  auto parts = segments(good);
  parts[0] = b64(R"({"enc":"A256GCM","alg":"RSA-OAEP","kid":"enc-1"})");
  expect_rejected(join(parts), "key unwrap or tag check failed");
}

// ---- structure, before any decoding ---------------------------------------------------------------

TEST(Jwe, RejectsFourOrSixSegments) {
  const std::string good = raw_jwe(keys().enc.get(), kClaims);
  expect_rejected(good.substr(0, good.rfind('.')), "not five segments");
  expect_rejected(good + ".AAAA", "not five segments");
  expect_rejected(segments(good)[0] + "." + segments(good)[1] + "." + segments(good)[2], "not five segments");
  expect_rejected("", "not five segments");
}

TEST(Jwe, RejectsPaddingAndCharactersOutsideBase64url) {
  const std::string good = raw_jwe(keys().enc.get(), kClaims);
  expect_rejected(good + "=", "bad character");
  auto parts = segments(good);
  parts[3][0] = '+';
  expect_rejected(join(parts), "bad character");
  parts = segments(good);
  parts[3][1] = '/';
  expect_rejected(join(parts), "bad character");
  expect_rejected(good.substr(0, 10) + " " + good.substr(11), "bad character");
  expect_rejected(good.substr(0, 10) + std::string(1, '\0') + good.substr(11), "bad character");
  // cjose 0.6.2.1 asserts on these in its decoder (SPEC.md, Stack hazards); they must never reach it.
  expect_rejected("A=BC.A===.AAAA.AAAA.AAAA", "bad character");
}

TEST(Jwe, RejectsNonCanonicalBase64urlSegments) {
  const std::string good = raw_jwe(keys().enc.get(), kClaims);
  auto parts = segments(good);
  while (parts[3].size() % 4 != 1) parts[3] += "A";  // no byte string encodes to this length
  expect_rejected(join(parts), "not canonical base64url");
  parts = segments(good);
  ASSERT_EQ(parts[4].size(), 22u);  // 16 octets: the last character carries 4 unused bits, which must be 0
  parts[4].back() = parts[4].back() == 'A' ? 'B' : 'A';
  if (base64url_decode(parts[4])) parts[4].back() = static_cast<char>(parts[4].back() + 1);
  expect_rejected(join(parts), "not canonical base64url");
  parts = segments(good);
  parts[1].clear();
  expect_rejected(join(parts), "encrypted key is empty");
}

TEST(Jwe, A13_RejectsInputLargerThanTheLimit) {
  const std::string good = raw_jwe(keys().enc.get(), std::string(2000, 'x'));
  expect_rejected(server(), good, "larger than the limit", good.size() - 1);
  EXPECT_TRUE(server().decrypt_jwe(good, good.size()));
  expect_rejected(server(), std::string(3 * 1024 * 1024, 'A'), "larger than the limit");
}

TEST(Jwe, A13_RejectsAHeaderWithDuplicateMembers) {
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1","kid":"x"})"}),
                  "header is not a strict JSON object");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1"})"}),
                  "header is not a strict JSON object");
}

TEST(Jwe, RejectsAHeaderThatIsNotAJsonObject) {
  for (const char* header : {"not json", R"(["RSA-OAEP"])", "\"RSA-OAEP\"", R"({"alg":"RSA-OAEP","enc":"A256GCM",})"}) {
    expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = header}), "header is not a strict JSON object");
  }
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":7})"}),
                  "kid is not a short non-empty string");
  expect_rejected(raw_jwe(keys().enc.get(), kClaims, {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1","cty":1})"}),
                  "cty is not a short string");
}

TEST(Jwe, A09_IgnoresJkuX5uJwkAndX5cForKeyChoice) {
  auto out = server().decrypt_jwe(
      raw_jwe(keys().enc.get(), kClaims,
              {.header = R"({"alg":"RSA-OAEP","enc":"A256GCM","kid":"enc-1","jku":"https://evil.example/jwks","x5u":"https://evil.example/c"})"}),
      kMax);
  ASSERT_TRUE(out) << out.error().detail;
  EXPECT_EQ(out->kid, "enc-1");
}

TEST(Jwe, DecryptIsSafeFromManyThreadsAtOnce) {
  const std::string token = raw_jwe(keys().enc.get(), kClaims);
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        if (auto r = server().decrypt_jwe(token, kMax); r && r->plaintext == kClaims) ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 20);
}

// ---- encrypt_jwe's choice of the client's key (SPEC I7) -------------------------------------------

TEST(Jwe, I7_RefusesAClientWhoseJwksHasOnlySigningKeys) {
  auto set = set_of({{"keys", {test::jwk_of(keys().ps256.get(), "sig-1", "PS256"), test::jwk_of(keys().es256.get(), "sig-2", "ES256")}}});
  EXPECT_FALSE(has_encryption_key(set));
  auto r = encrypt_jwe(set, kClaims, "JWT");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(r.error().description, kNoClientEncryptionKey);
  EXPECT_FALSE(has_encryption_key(PublicKeySet()));
}

TEST(Jwe, I7_PicksTheEncryptionKeyWhenTheJwksHoldsBoth) {
  auto set = set_of({{"keys", {test::jwk_of(keys().ps256.get(), "sig-1", "PS256"), enc_jwk(keys().enc.get(), "enc-1")}}});
  ASSERT_TRUE(has_encryption_key(set));
  auto compact = encrypt_jwe(set, kClaims, "JWT").value();
  EXPECT_THAT(*base64url_decode(segments(compact)[0]), HasSubstr(R"("kid":"enc-1")"));
  auto out = server().decrypt_jwe(compact, kMax);
  ASSERT_TRUE(out) << out.error().detail;
  EXPECT_EQ(out->plaintext, kClaims);
}

TEST(Jwe, I7_PicksTheFirstFittingKeyInJwksOrder) {
  auto set = set_of({{"keys", {enc_jwk(keys().enc.get(), "enc-1"), enc_jwk(keys().client_b.get(), "enc-2")}}});
  EXPECT_THAT(*base64url_decode(segments(encrypt_jwe(set, "x", "").value())[0]), HasSubstr(R"("kid":"enc-1")"));
}

TEST(Jwe, I7_UsesAnRsaKeyWithoutUseOrAlgButNotOneForAnotherAlgOrAnEcKey) {
  auto bare = *public_jwk(keys().enc.get(), "bare", "enc", "RSA-OAEP");
  bare.erase("use");
  bare.erase("alg");
  bare.erase("kid");
  auto set = set_of({{"keys", {bare}}});
  auto compact = encrypt_jwe(set, kClaims, "").value();
  EXPECT_EQ(*base64url_decode(segments(compact)[0]), R"({"alg":"RSA-OAEP","enc":"A256GCM"})");  // no kid to name
  auto out = server().decrypt_jwe(compact, kMax);  // kid-less: the server tries its enc key
  ASSERT_TRUE(out) << out.error().detail;
  EXPECT_EQ(out->kid, "enc-1");

  auto oaep256 = *public_jwk(keys().enc.get(), "k", "enc", "RSA-OAEP-256");
  auto ec = *public_jwk(keys().es256.get(), "e", "enc", "ECDH-ES");
  EXPECT_FALSE(has_encryption_key(set_of({{"keys", {oaep256, ec}}})));
}

TEST(Jwe, RefusesACtyThatIsNotPrintableAscii) {
  auto set = set_of({{"keys", {enc_jwk(keys().enc.get(), "enc-1")}}});
  auto r = encrypt_jwe(set, "x", "J\nWT");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::server_error);
}

}  // namespace
}  // namespace fapid::jose
