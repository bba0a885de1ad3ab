#pragma once
// The two TLS configurations (SPEC.md §3): `server_tls` for browser-facing endpoints, which never
// asks for a client certificate, and `mtls`, whose handshake requires one chained to the configured
// trust anchors. OpenSSL and Asio stay out of this header (forward declarations only).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "http/request.hpp"

namespace boost::asio::ssl {
class context;
}
struct ssl_st;

namespace fapid::http {

// Config keys named in load errors (fapid check-config prints them).
inline constexpr const char* kCertificateKey = "server.tls.certificate";
inline constexpr const char* kPrivateKeyKey = "server.tls.privateKey";
inline constexpr const char* kClientCaKey = "server.tls.clientCaFile";

// TLS 1.2 suites allowed by FAPI 1.0 Advanced §8.5 (SPEC T2); TLS 1.3 keeps OpenSSL's defaults.
inline constexpr const char* kFapiTls12Ciphers =
    "DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384";

class TlsContexts {
 public:
  struct Loaded {
    std::shared_ptr<TlsContexts> contexts;  // null if errors is not empty
    std::vector<std::string> errors;        // every problem, each naming its config key
  };
  static Loaded load(const config::TlsFiles& files);

  ~TlsContexts();
  boost::asio::ssl::context& server_tls() const;
  boost::asio::ssl::context& mtls() const;

 private:
  struct Impl;
  explicit TlsContexts(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The verified leaf of a completed mTLS handshake: DER, RFC 8705 §3.1 x5t#S256 and RFC 4514 subject.
// nullopt if the peer sent none (cannot happen on the mTLS listener, which requires one).
std::optional<ClientCertificate> peer_certificate(ssl_st* ssl);

// base64url(SHA-256(der)) without padding, the RFC 8705 §3.1 thumbprint.
std::string certificate_thumbprint(std::string_view der);

}  // namespace fapid::http
