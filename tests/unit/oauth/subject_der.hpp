#pragma once
// The subject Name's DER of a DER certificate, as the server takes it once per mTLS connection
// (http/tls_context.cpp, http::ClientCertificate::subject_der). Test helper.
#include <cstddef>
#include <memory>
#include <string>

#include <openssl/crypto.h>
#include <openssl/x509.h>

namespace fapid::oauth::testing {

inline std::string subject_der_of(const std::string& certificate) {
  const auto* p = reinterpret_cast<const unsigned char*>(certificate.data());
  std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &p, static_cast<long>(certificate.size())), X509_free);
  unsigned char* der = nullptr;
  const int len = i2d_X509_NAME(X509_get_subject_name(cert.get()), &der);
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace fapid::oauth::testing
