// The TLS and mTLS listeners against real handshakes on loopback (SPEC.md §3, ATTACKS.md H05).
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "test_client.hpp"
#include "test_server.hpp"

namespace fapid::test {
namespace {

// An independent thumbprint: SHA-256 by EVP, base64url by hand (not the server's encoder).
std::string expected_thumbprint(const std::string& der) {
  unsigned char md[32];
  unsigned int len = 0;
  EVP_Digest(der.data(), der.size(), md, &len, EVP_sha256(), nullptr);
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned bits = 0, acc = 0;
  for (unsigned i = 0; i < len; ++i) {
    acc = (acc << 8) | md[i];
    bits += 8;
    while (bits >= 6) out.push_back(kAlphabet[(acc >> (bits -= 6)) & 63]);
  }
  if (bits) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

class ServerTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
  ClientOptions with_client_cert(bool trusted = true) {
    ClientOptions o;
    o.cert_file = trusted ? pki().client_cert : pki().rogue_cert;
    o.key_file = trusted ? pki().client_key : pki().rogue_key;
    return o;
  }
};
TestServer* ServerTls::server_ = nullptr;

TEST_F(ServerTls, TlsListenerServesARequestWithSecurityHeaders) {
  TestClient c;
  ASSERT_FALSE(c.connect(server_->port(Listener::tls)));
  auto r = c.request(get("/hello"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result_int(), 200);
  EXPECT_EQ(r->body(), "hello");
  EXPECT_EQ((*r)["Strict-Transport-Security"], "max-age=31536000; includeSubDomains");
  EXPECT_EQ((*r)["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ((*r)["X-Request-Id"].size(), 32u);
  EXPECT_EQ((*r)["Content-Length"], "5");
}

TEST_F(ServerTls, TlsListenerNeverAsksForAClientCertificate) {
  TestClient c(with_client_cert());
  ASSERT_FALSE(c.connect(server_->port(Listener::tls)));
  auto r = c.request(get("/whoami"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), "none");
}

TEST_F(ServerTls, MtlsListenerRefusesAHandshakeWithoutAClientCertificate) {
  TestClient c;
  // With TLS 1.3 the client may finish its side first; the refusal then arrives as an alert on read.
  if (!c.connect(server_->port(Listener::mtls))) {
    EXPECT_FALSE(c.request(get("/whoami")));
  }
}

TEST_F(ServerTls, MtlsListenerRefusesAnUntrustedClientCertificate) {
  TestClient c(with_client_cert(false));
  if (!c.connect(server_->port(Listener::mtls))) {
    EXPECT_FALSE(c.request(get("/whoami")));
  }
}

TEST_F(ServerTls, MtlsHandlerSeesTheRfc8705ThumbprintAndSubjectOfTheVerifiedCertificate) {
  TestClient c(with_client_cert());
  ASSERT_FALSE(c.connect(server_->port(Listener::mtls)));
  auto r = c.request(get("/whoami"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body(), expected_thumbprint(pki().client_der) + "|CN=tpp-client,O=Fapid Test");
}

TEST_F(ServerTls, RefusesTls11_T1) {
  ClientOptions o;
  o.legacy = true;
  o.min_version = TLS1_1_VERSION;
  o.max_version = TLS1_1_VERSION;
  TestClient c(o);
  auto ec = c.connect(server_->port(Listener::tls));
  // The server's alert, not a client unable to offer TLS 1.1 (which would fail with another reason).
  EXPECT_NE(ec.message().find("protocol version"), std::string::npos) << ec.message();
}

TEST_F(ServerTls, RefusesTls12CipherSuitesOutsideTheFapiList_T2) {
  for (const char* cipher : {"AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-CHACHA20-POLY1305"}) {
    ClientOptions o;
    o.max_version = TLS1_2_VERSION;
    o.tls12_ciphers = cipher;
    TestClient c(o);
    auto ec = c.connect(server_->port(Listener::tls));
    EXPECT_NE(ec.message().find("handshake failure"), std::string::npos) << cipher << ": " << ec.message();
  }
}

TEST_F(ServerTls, AcceptsTls12WithEachFapiCipherSuite_T2) {
  for (const char* cipher : {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "DHE-RSA-AES128-GCM-SHA256",
                             "DHE-RSA-AES256-GCM-SHA384"}) {
    ClientOptions o = with_client_cert();
    o.max_version = TLS1_2_VERSION;
    o.tls12_ciphers = cipher;
    TestClient c(o);
    ASSERT_FALSE(c.connect(server_->port(Listener::mtls))) << cipher;
    EXPECT_STREQ(SSL_get_cipher_name(c.ssl()), cipher);
    EXPECT_TRUE(c.request(get("/hello")));
  }
}

TEST_F(ServerTls, NegotiatesTls13) {
  TestClient c;
  ASSERT_FALSE(c.connect(server_->port(Listener::tls)));
  EXPECT_EQ(SSL_version(c.ssl()), TLS1_3_VERSION);
}

TEST_F(ServerTls, DoesNotResumeTls12Sessions_T5) {
  ClientOptions o;
  o.max_version = TLS1_2_VERSION;
  TestClient first(o);
  ASSERT_FALSE(first.connect(server_->port(Listener::tls)));
  ASSERT_TRUE(first.request(get("/hello")));
  SSL_SESSION* session = SSL_get1_session(first.ssl());
  ASSERT_NE(session, nullptr);
  o.resume = session;
  TestClient second(o);
  ASSERT_FALSE(second.connect(server_->port(Listener::tls)));
  EXPECT_FALSE(SSL_session_reused(second.ssl()));
  SSL_SESSION_free(session);
}

TEST_F(ServerTls, KeepAliveServesTwoRequestsOnOneConnection) {
  TestClient c;
  ASSERT_FALSE(c.connect(server_->port(Listener::tls)));
  auto a = c.request(get("/hello"));
  auto b = c.request(get("/hello"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(b->result_int(), 200);
  EXPECT_NE((*a)["X-Request-Id"], (*b)["X-Request-Id"]);
  EXPECT_TRUE(a->keep_alive());
}

TEST_F(ServerTls, CountsFailedHandshakes) {
  const auto before = server_->metrics().rejections(http::Rejection::tls_handshake);
  ClientOptions o;
  o.max_version = TLS1_2_VERSION;
  o.tls12_ciphers = "AES128-SHA256";
  TestClient c(o);
  EXPECT_TRUE(c.connect(server_->port(Listener::tls)));
  for (int i = 0; i < 100 && server_->metrics().rejections(http::Rejection::tls_handshake) == before; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_GT(server_->metrics().rejections(http::Rejection::tls_handshake), before);
}

}  // namespace
}  // namespace fapid::test
