#include "http/tls_context.hpp"

#include <gtest/gtest.h>

#include "test_pki.hpp"

namespace fapid::http {
namespace {

using test::pki;

bool mentions(const std::vector<std::string>& errors, std::string_view key, std::string_view words) {
  for (const auto& e : errors)
    if (e.rfind(std::string(key) + ": ", 0) == 0 && e.find(words) != std::string::npos) return true;
  return false;
}

TEST(TlsContexts, LoadsAValidCertificateKeyAndClientCa) {
  auto loaded = TlsContexts::load({pki().server_cert, pki().server_key, pki().ca_cert});
  EXPECT_TRUE(loaded.errors.empty()) << loaded.errors.front();
  EXPECT_NE(loaded.contexts, nullptr);
}

TEST(TlsContexts, NamesTheConfigKeyOfEveryUnreadableFile) {
  auto loaded = TlsContexts::load({"/nonexistent/cert.pem", "/nonexistent/key.pem", "/nonexistent/ca.pem"});
  EXPECT_EQ(loaded.contexts, nullptr);
  EXPECT_EQ(loaded.errors.size(), 3u);
  EXPECT_TRUE(mentions(loaded.errors, kCertificateKey, "cannot read"));
  EXPECT_TRUE(mentions(loaded.errors, kPrivateKeyKey, "cannot read"));
  EXPECT_TRUE(mentions(loaded.errors, kClientCaKey, "cannot read"));
}

TEST(TlsContexts, ReportsAKeyThatDoesNotMatchTheCertificate) {
  auto loaded = TlsContexts::load({pki().server_cert, pki().other_key, pki().ca_cert});
  EXPECT_EQ(loaded.contexts, nullptr);
  EXPECT_TRUE(mentions(loaded.errors, kPrivateKeyKey, "does not match")) << loaded.errors.front();
}

TEST(TlsContexts, ReportsFilesThatAreNotPem) {
  auto loaded = TlsContexts::load({pki().server_key, pki().server_cert, pki().server_key});
  EXPECT_EQ(loaded.contexts, nullptr);
  EXPECT_TRUE(mentions(loaded.errors, kCertificateKey, "not a PEM"));
  EXPECT_TRUE(mentions(loaded.errors, kPrivateKeyKey, "not a PEM"));
  EXPECT_TRUE(mentions(loaded.errors, kClientCaKey, "no PEM CA"));
}

TEST(TlsContexts, ThumbprintIsUnpaddedBase64urlOfSha256_Rfc8705Section3_1) {
  // SHA-256("abc") = ba7816bf 8f01cfea ... ; base64url without '='.
  EXPECT_EQ(certificate_thumbprint("abc"), "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

}  // namespace
}  // namespace fapid::http
