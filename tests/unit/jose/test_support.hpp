#pragma once
// Test-only helpers for unit_jose (header-only: the test glob compiles *_test.cpp only). Throwaway
// keys are made at test time in a temporary directory; raw_jws signs any header, so attack tokens
// can be built. Nothing here is production code.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "jose/base64url.hpp"
#include "jose/jwk.hpp"
#include "jose/jws_signature.hpp"
#include "jose/openssl_ptr.hpp"

namespace fapid::jose::test {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fapid-jose-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline OsslPtr<EVP_PKEY> make_rsa(unsigned bits = 2048) {
  OsslPtr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
  if (!key) throw std::runtime_error("RSA keygen failed");
  return key;
}

inline OsslPtr<EVP_PKEY> make_ec(const char* curve = "P-256") {
  OsslPtr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
  if (!key) throw std::runtime_error("EC keygen failed");
  return key;
}

inline void write_text(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string pem_of(EVP_PKEY* key) {
  OsslPtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("PEM write failed");
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

inline void write_pem(EVP_PKEY* key, const std::string& path) { write_text(path, pem_of(key)); }

inline std::string b64(std::string_view bytes) { return base64url_encode(bytes); }

enum class RawAlg { PS256, ES256, RS256, ES256_DER, HMAC_SHA256 };

// BASE64URL(header).BASE64URL(payload).BASE64URL(signature), the signature made as `alg` says,
// whatever the header claims.
inline std::string raw_jws(std::string_view header_json, std::string_view payload_json, EVP_PKEY* key, RawAlg alg,
                           std::string_view hmac_secret = {}) {
  std::string input = b64(header_json) + "." + b64(payload_json);
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  std::string sig;
  if (alg == RawAlg::PS256 || alg == RawAlg::ES256) {
    auto s = jws_sign(key, alg == RawAlg::PS256 ? Alg::PS256 : Alg::ES256, input);
    if (!s) throw std::runtime_error("jws_sign failed");
    sig = *s;
  } else if (alg == RawAlg::HMAC_SHA256) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), hmac_secret.data(), static_cast<int>(hmac_secret.size()), in, input.size(), mac, &len);
    sig.assign(reinterpret_cast<const char*>(mac), len);
  } else {  // RS256 (PKCS#1 v1.5), or ES256 left in DER form
    OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
    std::size_t len = 0;
    EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx.get(), nullptr, &len, in, input.size());
    sig.resize(len);
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in, input.size());
    sig.resize(len);
  }
  return input + "." + b64(sig);
}

inline nlohmann::ordered_json jwk_of(EVP_PKEY* key, const std::string& kid, const std::string& alg) {
  auto jwk = public_jwk(key, kid, "sig", alg);
  if (!jwk) throw std::runtime_error("public_jwk failed");
  return *jwk;
}

inline std::string jwks_of(EVP_PKEY* key, const std::string& kid, const std::string& alg) {
  return nlohmann::ordered_json{{"keys", {jwk_of(key, kid, alg)}}}.dump();
}

}  // namespace fapid::jose::test

namespace fapid::jose::test {

// Keys made once per test binary (RSA generation is slow) and written as PEM files.
struct TestKeys {
  TempDir dir;
  OsslPtr<EVP_PKEY> ps256 = make_rsa();      // the active PS256 key of the server
  OsslPtr<EVP_PKEY> ps256_old = make_rsa();  // published, inactive
  OsslPtr<EVP_PKEY> es256 = make_ec();
  OsslPtr<EVP_PKEY> enc = make_rsa();
  OsslPtr<EVP_PKEY> rsa1024 = make_rsa(1024);
  OsslPtr<EVP_PKEY> p384 = make_ec("P-384");
  OsslPtr<EVP_PKEY> client_b = make_rsa();  // another client's key (ATTACKS.md A05)

  TestKeys() {
    write_pem(ps256.get(), file("ps256.pem"));
    write_pem(ps256_old.get(), file("ps256-old.pem"));
    write_pem(es256.get(), file("es256.pem"));
    write_pem(enc.get(), file("enc.pem"));
    write_pem(rsa1024.get(), file("rsa1024.pem"));
    write_pem(p384.get(), file("p384.pem"));
  }
  std::string file(std::string_view name) const { return dir.file(name); }
};

inline const TestKeys& keys() {
  static const TestKeys k;
  return k;
}

}  // namespace fapid::jose::test
