#include "http/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/context.hpp>
#include <fstream>

namespace fapid::http {

namespace ssl = boost::asio::ssl;

namespace {

constexpr int kMaxVerifyDepth = 4;  // leaf, up to two intermediates, anchor

std::string openssl_errors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

bool readable(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return f.good();
}

// Settings shared by both listeners (SPEC T1, T2, T5).
void harden(SSL_CTX* ctx) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);  // T1: TLS 1.0/1.1 refused
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                               SSL_OP_NO_TICKET | SSL_OP_SINGLE_DH_USE | SSL_OP_SINGLE_ECDH_USE);
  // T5 (OFB): no session resumption: no server-side cache, no tickets (TLS 1.2 and 1.3).
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(ctx, 0);
  SSL_CTX_set_dh_auto(ctx, 1);  // DHE parameters matched to the key, ≥ 2048 bits for RSA-2048 (T2)
}

}  // namespace

struct TlsContexts::Impl {
  ssl::context server{ssl::context::tls_server};
  ssl::context mutual{ssl::context::tls_server};
};

TlsContexts::TlsContexts(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TlsContexts::~TlsContexts() = default;
ssl::context& TlsContexts::server_tls() const { return impl_->server; }
ssl::context& TlsContexts::mtls() const { return impl_->mutual; }

TlsContexts::Loaded TlsContexts::load(const config::TlsFiles& files) {
  std::vector<std::string> errors;
  auto impl = std::make_unique<Impl>();
  auto fail = [&](const char* key, const std::string& message) {
    errors.push_back(std::string(key) + ": " + message);
    ERR_clear_error();
  };

  for (SSL_CTX* ctx : {impl->server.native_handle(), impl->mutual.native_handle()}) {
    harden(ctx);
    if (SSL_CTX_set_cipher_list(ctx, kFapiTls12Ciphers) != 1) fail(kCertificateKey, "cipher list rejected: " + openssl_errors());
  }

  bool have_cert = false, have_key = false;
  if (!readable(files.certificate_file)) {
    fail(kCertificateKey, "cannot read '" + files.certificate_file + "'");
  } else {
    have_cert = true;
    for (SSL_CTX* ctx : {impl->server.native_handle(), impl->mutual.native_handle()})
      if (SSL_CTX_use_certificate_chain_file(ctx, files.certificate_file.c_str()) != 1) {
        fail(kCertificateKey, "'" + files.certificate_file + "' is not a PEM certificate chain: " + openssl_errors());
        have_cert = false;
        break;
      }
  }
  if (!readable(files.private_key_file)) {
    fail(kPrivateKeyKey, "cannot read '" + files.private_key_file + "'");
  } else {
    have_key = true;
    for (SSL_CTX* ctx : {impl->server.native_handle(), impl->mutual.native_handle()})
      if (SSL_CTX_use_PrivateKey_file(ctx, files.private_key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
        // The key may be the valid key of another certificate: OpenSSL then says "key values mismatch".
        auto detail = openssl_errors();
        fail(kPrivateKeyKey, detail.find("mismatch") != std::string::npos
                                 ? "does not match the certificate in " + std::string(kCertificateKey)
                                 : "'" + files.private_key_file + "' is not a PEM private key: " + detail);
        have_key = false;
        break;
      }
  }
  if (have_cert && have_key && SSL_CTX_check_private_key(impl->server.native_handle()) != 1)
    fail(kPrivateKeyKey, "does not match the certificate in " + std::string(kCertificateKey));

  // mTLS: trust anchors from client_ca_file only, never the system store (SPEC T6).
  SSL_CTX* mutual = impl->mutual.native_handle();
  if (!readable(files.client_ca_file)) {
    fail(kClientCaKey, "cannot read '" + files.client_ca_file + "'");
  } else if (SSL_CTX_load_verify_locations(mutual, files.client_ca_file.c_str(), nullptr) != 1) {
    fail(kClientCaKey, "'" + files.client_ca_file + "' holds no PEM CA certificate: " + openssl_errors());
  } else {
    // Advertise the anchors so clients holding several certificates pick the right one.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(files.client_ca_file.c_str()))
      SSL_CTX_set_client_CA_list(mutual, names);
    ERR_clear_error();
  }
  SSL_CTX_set_verify(mutual, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_verify_depth(mutual, kMaxVerifyDepth);
  // The server-TLS context never requests a certificate (DESIGN.md: browser-facing).
  SSL_CTX_set_verify(impl->server.native_handle(), SSL_VERIFY_NONE, nullptr);

  if (!errors.empty()) return {nullptr, std::move(errors)};
  return {std::shared_ptr<TlsContexts>(new TlsContexts(std::move(impl))), {}};
}

std::string certificate_thumbprint(std::string_view der) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (EVP_Digest(der.data(), der.size(), md, &md_len, EVP_sha256(), nullptr) != 1) return {};
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int n = EVP_EncodeBlock(b64, md, static_cast<int>(md_len));
  std::string out(reinterpret_cast<char*>(b64), static_cast<std::size_t>(n));
  // base64 → base64url without padding (RFC 7515 §2, RFC 8705 §3.1)
  for (auto& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::optional<ClientCertificate> peer_certificate(ssl_st* ssl) {
  // OpenSSL 3: the verified leaf, borrowed (no reference taken).
  X509* leaf = SSL_get0_peer_certificate(ssl);
  if (leaf == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return std::nullopt;
  ClientCertificate out;
  unsigned char* der = nullptr;
  int len = i2d_X509(leaf, &der);
  if (len <= 0) return std::nullopt;
  out.der.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  out.sha256_b64url = certificate_thumbprint(out.der);
  unsigned char* name_der = nullptr;
  const int name_len = i2d_X509_NAME(X509_get_subject_name(leaf), &name_der);
  if (name_len <= 0) return std::nullopt;
  out.subject_der.assign(reinterpret_cast<char*>(name_der), static_cast<std::size_t>(name_len));
  OPENSSL_free(name_der);
  if (BIO* bio = BIO_new(BIO_s_mem())) {
    if (X509_NAME_print_ex(bio, X509_get_subject_name(leaf), 0, XN_FLAG_RFC2253) >= 0) {
      char* data = nullptr;
      long n = BIO_get_mem_data(bio, &data);
      if (n > 0) out.subject_dn.assign(data, static_cast<std::size_t>(n));
    }
    BIO_free(bio);
  }
  return out;
}

}  // namespace fapid::http
