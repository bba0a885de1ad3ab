#pragma once
// A throwaway PKI made at test time with OpenSSL (no private key is committed): a CA, an RSA server
// certificate for 127.0.0.1 (the FAPI suites are ECDHE-RSA/DHE-RSA), a client certificate from the
// CA and one from an unrelated CA. Written as PEM files under a fresh temporary directory.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace fapid::test {

struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Free { void operator()(X509* p) const { X509_free(p); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

inline Pkey make_rsa() { return Pkey(EVP_RSA_gen(2048)); }
inline Pkey make_ec() { return Pkey(EVP_EC_gen("P-256")); }

inline void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) throw std::runtime_error("bad extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// issuer == nullptr: self-signed.
inline Cert make_cert(const std::string& cn, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, bool ca,
                      const char* san = nullptr) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[8];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600 * 24);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Fapid Test"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  add_ext(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add_ext(cert.get(), signer, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,keyEncipherment");
  if (!ca) add_ext(cert.get(), signer, NID_ext_key_usage, san ? "serverAuth" : "clientAuth");
  if (san) add_ext(cert.get(), signer, NID_subject_alt_name, san);
  if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0) throw std::runtime_error("sign failed");
  return cert;
}

inline void write_cert(const std::filesystem::path& p, X509* cert) {
  FILE* f = std::fopen(p.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
}
inline void write_key(const std::filesystem::path& p, EVP_PKEY* key) {
  FILE* f = std::fopen(p.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
}

inline std::string der_of(X509* cert) {
  unsigned char* der = nullptr;
  int n = i2d_X509(cert, &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return out;
}

struct TestPki {
  std::filesystem::path dir;
  std::filesystem::path ca_cert, server_cert, server_key, client_cert, client_key, rogue_cert, rogue_key,
      other_key;
  std::string client_der;

  TestPki() {
    dir = std::filesystem::temp_directory_path() /
          ("fapid-http-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir);
    auto ca_key = make_ec();
    auto ca = make_cert("Test CA", ca_key.get(), nullptr, nullptr, true);
    auto srv_key = make_rsa();
    auto srv = make_cert("localhost", srv_key.get(), ca.get(), ca_key.get(), false, "DNS:localhost,IP:127.0.0.1");
    auto cli_key = make_ec();
    auto cli = make_cert("tpp-client", cli_key.get(), ca.get(), ca_key.get(), false);
    auto rogue_ca_key = make_ec();
    auto rogue_ca = make_cert("Rogue CA", rogue_ca_key.get(), nullptr, nullptr, true);
    auto rogue_cli_key = make_ec();
    auto rogue = make_cert("tpp-client", rogue_cli_key.get(), rogue_ca.get(), rogue_ca_key.get(), false);
    auto unrelated = make_ec();
    ca_cert = dir / "ca.pem";
    server_cert = dir / "server.pem";
    server_key = dir / "server.key";
    client_cert = dir / "client.pem";
    client_key = dir / "client.key";
    rogue_cert = dir / "rogue.pem";
    rogue_key = dir / "rogue.key";
    other_key = dir / "other.key";
    write_cert(ca_cert, ca.get());
    write_cert(server_cert, srv.get());
    write_key(server_key, srv_key.get());
    write_cert(client_cert, cli.get());
    write_key(client_key, cli_key.get());
    write_cert(rogue_cert, rogue.get());
    write_key(rogue_key, rogue_cli_key.get());
    write_key(other_key, unrelated.get());
    client_der = der_of(cli.get());
  }
  ~TestPki() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

inline TestPki& pki() {
  static TestPki p;  // one RSA key generation per test process
  return p;
}

}  // namespace fapid::test
