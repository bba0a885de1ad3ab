// ClientAuthenticator with a real ClientRegistry (clients built in memory, keys made here) and an
// in-memory TTL store: SPEC section 4 (CA1-CA7) and ATTACKS.md T05-T09. Every refusal is the one
// public invalid_client, and a refused authentication leaves the replay cache untouched.
#include "oauth/client_authenticator.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "jose/openssl_ptr.hpp"
#include "unit/jose/test_support.hpp"
#include "unit/oauth/fake_ttl_store.hpp"
#include "unit/oauth/subject_der.hpp"

namespace fapid::oauth {
namespace {

using testing::subject_der_of;

using namespace std::chrono_literals;
using jose::OsslPtr;
using jose::test::RawAlg;
using ordered = nlohmann::ordered_json;

constexpr std::int64_t kNow = 1'700'000'000;
constexpr auto kSkew = 10s;
const std::string kIssuer = "https://as.example/auth";
const std::string kTokenUrl = "https://mtls.as.example/auth/token";
const std::string kParUrl = "https://mtls.as.example/auth/par";
const std::string kDn = "CN=tpp-one,OU=dev,O=Example TPP One,C=BR";
const std::string kDnTwo = "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR";

struct Keys {
  OsslPtr<EVP_PKEY> f1 = jose::test::make_rsa();     // tpp-f1 (fapi1-advanced, PS256)
  OsslPtr<EVP_PKEY> f2 = jose::test::make_ec();      // tpp-f2 (fapi2, ES256)
  OsslPtr<EVP_PKEY> other = jose::test::make_rsa();  // registered to nobody / to back-office
  OsslPtr<EVP_PKEY> cert = jose::test::make_ec();    // signs the test certificates
};

const Keys& keys() {
  static const Keys k;
  return k;
}

config::Client client(std::string id, config::Profile profile, config::AuthMethod method) {
  config::Client c;
  c.client_id = std::move(id);
  c.profile = profile;
  c.auth_method = method;
  return c;
}

std::shared_ptr<const ClientRegistry> registry() {
  static const auto built = [] {
    auto cfg = std::make_shared<config::Config>();
    auto f1 = client("tpp-f1", config::Profile::fapi1_advanced, config::AuthMethod::private_key_jwt);
    f1.jwks_json = jose::test::jwks_of(keys().f1.get(), "f1", "PS256");
    auto f2 = client("tpp-f2", config::Profile::fapi2, config::AuthMethod::private_key_jwt);
    f2.jwks_json = jose::test::jwks_of(keys().f2.get(), "f2", "ES256");
    auto mtls = client("tpp-mtls", config::Profile::fapi2, config::AuthMethod::tls_client_auth);
    mtls.tls_client_auth_subject_dn = kDn;
    mtls.jwks_json = jose::test::jwks_of(keys().other.get(), "mtls", "PS256");  // keys for request objects only
    auto mtls_two = client("mtls-two", config::Profile::fapi2, config::AuthMethod::tls_client_auth);
    mtls_two.tls_client_auth_subject_dn = kDnTwo;
    auto portal = client("portal", config::Profile::none, config::AuthMethod::client_secret_post);
    portal.client_secret = config::Secret("s3cret-portal");
    auto basic = client("basic", config::Profile::none, config::AuthMethod::client_secret_basic);
    basic.client_secret = config::Secret("s3cret-basic");
    auto backoffice = client("backoffice", config::Profile::none, config::AuthMethod::private_key_jwt);
    backoffice.jwks_json = jose::test::jwks_of(keys().other.get(), "bo", "PS256");
    auto f1_ec = client("tpp-f1-ec", config::Profile::fapi1_advanced, config::AuthMethod::private_key_jwt);
    f1_ec.jwks_json = jose::test::jwks_of(keys().f2.get(), "f1ec", "ES256");
    cfg->clients = {f1, f2, mtls, mtls_two, portal, basic, backoffice, f1_ec};
    auto load = ClientRegistry::build(cfg);
    if (!load.registry) throw std::runtime_error(load.errors.front());
    return load.registry;
  }();
  return built;
}

// As the FAPI tree configures it at PAR: F1A accepts issuer, token and PAR URLs (CA3), F2 the issuer
// string alone (CA4); non-FAPI clients are not served.
ClientAuthPolicy fapi_policy() {
  ClientAuthPolicy p;
  p.eligible = [](const config::Client& c) { return c.profile != config::Profile::none; };
  p.assertion_rules = [](const RegisteredClient& c) {
    AssertionRules r;
    if (c.config->profile == config::Profile::fapi2) {
      r.audiences = {kIssuer};
      r.allow_array_audience = false;
      r.algs = {jose::Alg::PS256, jose::Alg::ES256};
    } else {
      r.audiences = {kIssuer, kTokenUrl, kParUrl};
      r.algs = {jose::Alg::PS256};
    }
    return r;
  };
  return p;
}

ClientAuthPolicy nonfapi_policy() {
  ClientAuthPolicy p = fapi_policy();
  p.eligible = [](const config::Client& c) { return c.profile == config::Profile::none; };
  return p;
}

std::string pct(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

http::Params form(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string body;
  for (const auto& [name, value] : params) body += (body.empty() ? "" : "&") + pct(name) + "=" + pct(value);
  return http::parse_form(body, {}).value();
}

// An RFC 7523 assertion as the client makes it; tests change one part at a time.
struct Assertion {
  ordered header;
  ordered claims;
  EVP_PKEY* key;
  RawAlg alg;

  static Assertion f1() {
    return {{{"alg", "PS256"}, {"kid", "f1"}},
            {{"iss", "tpp-f1"}, {"sub", "tpp-f1"}, {"aud", kIssuer}, {"jti", "jti-1"}, {"iat", kNow}, {"exp", kNow + 60}},
            keys().f1.get(),
            RawAlg::PS256};
  }
  static Assertion f2() {
    return {{{"alg", "ES256"}, {"kid", "f2"}},
            {{"iss", "tpp-f2"}, {"sub", "tpp-f2"}, {"aud", kIssuer}, {"jti", "jti-1"}, {"iat", kNow}, {"exp", kNow + 60}},
            keys().f2.get(),
            RawAlg::ES256};
  }
  Assertion&& with(const std::string& name, ordered value) && {
    claims[name] = std::move(value);
    return std::move(*this);
  }
  Assertion&& without(const std::string& name) && {
    claims.erase(name);
    return std::move(*this);
  }
  std::string compact() const { return jose::test::raw_jws(header.dump(), claims.dump(), key, alg); }
  http::Params as_form() const {
    return form({{"client_assertion_type", std::string(kJwtBearerAssertionType)}, {"client_assertion", compact()}});
  }
};

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};

std::string certificate_der(const std::vector<std::pair<std::string, std::string>>& rdns) {
  std::unique_ptr<X509, X509Free> cert(X509_new());
  X509_set_version(cert.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 7);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [type, value] : rdns)
    X509_NAME_add_entry_by_txt(name, type.c_str(), MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                               -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), keys().cert.get());
  if (X509_sign(cert.get(), keys().cert.get(), EVP_sha256()) <= 0) throw std::runtime_error("X509_sign failed");
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert.get(), &der);
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

http::Peer mtls_peer(const std::vector<std::pair<std::string, std::string>>& rdns) {
  http::Peer peer;
  peer.listener = http::Listener::mtls;
  const std::string der = certificate_der(rdns);
  peer.certificate = http::ClientCertificate{der, "unused-thumbprint", "unused", subject_der_of(der)};
  return peer;
}

const std::vector<std::pair<std::string, std::string>> kTppOne{
    {"C", "BR"}, {"O", "Example TPP One"}, {"OU", "dev"}, {"CN", "tpp-one"}};
const std::vector<std::pair<std::string, std::string>> kTppTwo{
    {"C", "BR"}, {"O", "Example TPP Two"}, {"OU", "dev"}, {"CN", "tpp-two"}};

class ClientAuthenticatorTest : public ::testing::Test {
 protected:
  std::shared_ptr<test::FakeTtlStore> store = std::make_shared<test::FakeTtlStore>();
  test::FixedClock clock{kNow};
  ClientAuthenticator auth{registry(), store, clock, kSkew};

  Result<const RegisteredClient*> run(const http::Params& f, const http::Peer& peer = {},
                                      std::optional<std::string_view> authorization = std::nullopt,
                                      const ClientAuthPolicy& policy = fapi_policy()) {
    return auth.authenticate(f, peer, authorization, policy);
  }
  Result<const RegisteredClient*> run(const Assertion& a) { return run(a.as_form()); }

  // Accepted as `client_id`; exactly the assertions' jtis are in the replay cache.
  ::testing::AssertionResult accepted(const Result<const RegisteredClient*>& r, const std::string& client_id) {
    if (!r) return ::testing::AssertionFailure() << "refused: " << r.error().detail;
    if ((*r)->id() != client_id) return ::testing::AssertionFailure() << "authenticated as " << (*r)->id();
    return ::testing::AssertionSuccess();
  }
  // The public invalid_client (one description whatever failed), and the store left as it was.
  ::testing::AssertionResult refused(const Result<const RegisteredClient*>& r, std::size_t entries_before = 0) {
    if (r) return ::testing::AssertionFailure() << "accepted as " << (*r)->id();
    const auto& e = r.error();
    if (e.code != ErrorCode::invalid_client || e.status != 401 || e.description != "client authentication failed")
      return ::testing::AssertionFailure() << to_string(e.code) << " " << e.status << " " << e.description;
    if (store->size() != entries_before) return ::testing::AssertionFailure() << "the replay cache changed";
    return ::testing::AssertionSuccess();
  }
};

// --- CA2: the assertion itself -------------------------------------------------------------------------

TEST_F(ClientAuthenticatorTest, CA2_AnAssertionWhoseIssAndSubAreTheClientIdAuthenticatesIt) {
  EXPECT_TRUE(accepted(run(Assertion::f1()), "tpp-f1"));
  ASSERT_EQ(store->count(storage::TtlKind::client_assertion_jti), 1u);
  // T07: remembered for as long as the assertion could be valid (exp - now + skew), no longer.
  EXPECT_EQ(store->entries().begin()->second.ttl, 70s);
}

TEST_F(ClientAuthenticatorTest, CA2_AMissingSubIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().without("sub"))));
}

TEST_F(ClientAuthenticatorTest, CA2_ASubOtherThanTheClientIdIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().with("sub", "tpp-f2"))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("sub", 42))));
}

TEST_F(ClientAuthenticatorTest, CA2_AMissingExpIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().without("exp"))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("exp", std::to_string(kNow + 60)))));
}

TEST_F(ClientAuthenticatorTest, CA2_AnAssertionFiveMinutesPastExpiryIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().with("iat", kNow - 400).with("exp", kNow - 300))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("exp", kNow))));  // exp == now is already expired
}

TEST_F(ClientAuthenticatorTest, CA2_AnAssertionSignedByAKeyNotRegisteredForTheClientIsInvalidClient) {
  auto a = Assertion::f1();
  a.key = keys().other.get();
  EXPECT_TRUE(refused(run(a)));
}

TEST_F(ClientAuthenticatorTest, CA2_AnRs256SignedAssertionIsInvalidClient) {
  auto a = Assertion::f1();
  a.header["alg"] = "RS256";
  a.alg = RawAlg::RS256;
  EXPECT_TRUE(refused(run(a)));
}

TEST_F(ClientAuthenticatorTest, CA2_AnAssertionWithATamperedPayloadIsInvalidClient) {
  auto compact = Assertion::f1().compact();
  const auto first = compact.find('.'), second = compact.find('.', first + 1);
  compact.replace(first + 1, second - first - 1,
                  jose::base64url_encode(Assertion::f1().with("exp", kNow + 200).claims.dump()));
  EXPECT_TRUE(refused(run(form({{"client_assertion_type", std::string(kJwtBearerAssertionType)},
                                {"client_assertion", compact}}))));
}

TEST_F(ClientAuthenticatorTest, T08_AnIssOfAnotherClientWithThisClientsSignatureIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().with("iss", "tpp-f2").with("sub", "tpp-f2"))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("iss", "nobody").with("sub", "nobody"))));
}

TEST_F(ClientAuthenticatorTest, CA2_AnAssertionWithoutAJtiOrWithAnOversizedOneIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().without("jti"))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("jti", ""))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("jti", std::string(257, 'j')))));
  EXPECT_TRUE(accepted(run(Assertion::f1().with("jti", std::string(256, 'j'))), "tpp-f1"));
}

// --- CA3 (fapi1-advanced) and CA4 (fapi2): aud through the AssertionRules callback ----------------------

TEST_F(ClientAuthenticatorTest, CA3_Fapi1AcceptsTheIssuerTheTokenUrlThePARUrlAndAnArrayHoldingOne) {
  int n = 0;
  for (const ordered& aud : {ordered(kIssuer), ordered(kTokenUrl), ordered(kParUrl),
                             ordered::array({"https://elsewhere.example", kTokenUrl})})
    EXPECT_TRUE(accepted(run(Assertion::f1().with("aud", aud).with("jti", "ca3-" + std::to_string(++n))), "tpp-f1"))
        << aud.dump();
}

TEST_F(ClientAuthenticatorTest, CA3_T06_Fapi1RefusesAnotherServersAudienceEvenInsideAnArray) {
  for (const ordered& aud : {ordered("https://other-as.example/auth"), ordered::array({"https://other-as.example/token"}),
                             ordered::array(), ordered(kIssuer + "/"), ordered(1)})
    EXPECT_TRUE(refused(run(Assertion::f1().with("aud", aud)))) << aud.dump();
  EXPECT_TRUE(refused(run(Assertion::f1().without("aud"))));
}

TEST_F(ClientAuthenticatorTest, CA4_Fapi2AcceptsOnlyTheIssuerAsASingleString) {
  EXPECT_TRUE(accepted(run(Assertion::f2()), "tpp-f2"));
  for (const ordered& aud : {ordered(kTokenUrl), ordered(kParUrl), ordered::array({kIssuer})})
    EXPECT_TRUE(refused(run(Assertion::f2().with("aud", aud).with("jti", "ca4")), 1)) << aud.dump();
}

TEST_F(ClientAuthenticatorTest, K3_TheAllowedAlgorithmsComeFromTheClientsProfile) {
  // The same ES256 key: accepted from the fapi2 client, refused from a fapi1-advanced one (PS256 only).
  EXPECT_TRUE(accepted(run(Assertion::f2()), "tpp-f2"));
  auto a = Assertion::f2().with("iss", "tpp-f1-ec").with("sub", "tpp-f1-ec");
  a.header["kid"] = "f1ec";
  EXPECT_TRUE(refused(run(a), 1));
}

// --- CA5: clock skew ---------------------------------------------------------------------------------

TEST_F(ClientAuthenticatorTest, CA5_IatAndNbfUpToTenSecondsInTheFutureAreAccepted) {
  EXPECT_TRUE(accepted(run(Assertion::f1().with("iat", kNow + 10).with("nbf", kNow + 10)), "tpp-f1"));
}

TEST_F(ClientAuthenticatorTest, CA5_IatOrNbfMoreThanTheSkewInTheFutureIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().with("iat", kNow + 61))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("nbf", kNow + 61))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("iat", kNow + 11))));
  EXPECT_TRUE(refused(run(Assertion::f1().with("nbf", "soon"))));
}

TEST_F(ClientAuthenticatorTest, CA5_AnNbfBeyondTheInt64RangeIsNotReadAsADateInThePast) {
  // 2^63 once wrapped to INT64_MIN and passed the "not in the future" check.
  auto a = Assertion::f1();
  a.claims["nbf"] = nlohmann::ordered_json::parse("9223372036854775808");
  EXPECT_TRUE(refused(run(a)));
  a.claims["nbf"] = nlohmann::ordered_json::parse("18446744073709551615");
  EXPECT_TRUE(refused(run(a)));
}

// --- CA6: one identity ----------------------------------------------------------------------------------

TEST_F(ClientAuthenticatorTest, CA6_AClientIdParameterOtherThanTheAssertionIssIsInvalidClient) {
  const auto a = Assertion::f1();
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-f2"},
                                {"client_assertion_type", std::string(kJwtBearerAssertionType)},
                                {"client_assertion", a.compact()}}))));
  EXPECT_TRUE(accepted(run(form({{"client_id", "tpp-f1"},
                                 {"client_assertion_type", std::string(kJwtBearerAssertionType)},
                                 {"client_assertion", a.compact()}})),
                       "tpp-f1"));
}

TEST_F(ClientAuthenticatorTest, CA6_AMissingOrMalformedAssertionIsInvalidClient) {
  const std::string type(kJwtBearerAssertionType);
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-f1"}}))));  // private_key_jwt client, no assertion
  EXPECT_TRUE(refused(run(form({{"client_assertion_type", type}}))));
  EXPECT_TRUE(refused(run(form({{"client_assertion_type", type}, {"client_assertion", ""}}))));
  EXPECT_TRUE(refused(run(form({{"client_assertion", Assertion::f1().compact()}}))));
  EXPECT_TRUE(refused(run(form({{"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer"},
                                {"client_assertion", Assertion::f1().compact()}}))));
  EXPECT_TRUE(refused(run(form({{"client_assertion_type", type}, {"client_assertion", "a.b.c"}}))));
  EXPECT_TRUE(refused(run(form({{"client_assertion_type", type}, {"client_assertion", "not-a-jwt"}}))));
  EXPECT_TRUE(refused(run(form({}))));
  EXPECT_TRUE(refused(run(form({{"client_id", "unknown-client"}}))));
}

// --- CA1: key-based clients use their key and nothing else --------------------------------------------------

TEST_F(ClientAuthenticatorTest, CA1_ASecretSentByAPrivateKeyJwtClientIsInvalidClient) {
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-f1"}, {"client_secret", "anything"}}))));
  auto f = form({{"client_assertion_type", std::string(kJwtBearerAssertionType)},
                 {"client_assertion", Assertion::f1().compact()},
                 {"client_secret", "anything"}});
  EXPECT_TRUE(refused(run(f)));
  EXPECT_TRUE(refused(run(Assertion::f1().as_form(), {}, std::string_view("Basic dHBwLWYxOng="))));
}

TEST_F(ClientAuthenticatorTest, CA1_ASecretSentByATlsClientAuthClientIsInvalidClientEvenWithTheRightCertificate) {
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}, {"client_secret", "x"}}), mtls_peer(kTppOne))));
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), mtls_peer(kTppOne), std::string_view("Basic eDp5"))));
}

TEST_F(ClientAuthenticatorTest, CA1_AnAssertionFromAClientRegisteredForTlsClientAuthIsInvalidClient) {
  auto a = Assertion::f1().with("iss", "tpp-mtls").with("sub", "tpp-mtls");
  a.key = keys().other.get();
  a.header["kid"] = "mtls";
  EXPECT_TRUE(refused(run(a)));
}

TEST_F(ClientAuthenticatorTest, CA1_TheFapiPolicyServesNoSecretOrNonFapiClient) {
  EXPECT_TRUE(refused(run(form({{"client_id", "portal"}, {"client_secret", "s3cret-portal"}}))));
  auto a = Assertion::f1().with("iss", "backoffice").with("sub", "backoffice");
  a.key = keys().other.get();
  a.header["kid"] = "bo";
  EXPECT_TRUE(refused(run(a)));
}

TEST_F(ClientAuthenticatorTest, NonFapiClientSecretPostIsComparedAndNeverTakenFromAHeader) {
  const auto policy = nonfapi_policy();
  EXPECT_TRUE(accepted(run(form({{"client_id", "portal"}, {"client_secret", "s3cret-portal"}}), {}, std::nullopt, policy),
                       "portal"));
  EXPECT_TRUE(refused(run(form({{"client_id", "portal"}, {"client_secret", "s3cret-portaL"}}), {}, std::nullopt, policy)));
  EXPECT_TRUE(refused(run(form({{"client_id", "portal"}, {"client_secret", ""}}), {}, std::nullopt, policy)));
  EXPECT_TRUE(refused(run(form({{"client_id", "portal"}}), {}, std::nullopt, policy)));
  EXPECT_TRUE(refused(run(form({{"client_id", "portal"}, {"client_secret", "s3cret-portal"}}), {},
                          std::string_view("Basic cG9ydGFsOnMzY3JldC1wb3J0YWw="), policy)));
  EXPECT_TRUE(refused(run(form({{"client_id", "basic"}, {"client_secret", "s3cret-basic"}}), {}, std::nullopt, policy)));
}

// --- CA7 / T09: tls_client_auth ---------------------------------------------------------------------------

TEST_F(ClientAuthenticatorTest, CA7_ACertificateWhoseSubjectMatchesTheRegisteredDnAuthenticatesTheClient) {
  EXPECT_TRUE(accepted(run(form({{"client_id", "tpp-mtls"}}), mtls_peer(kTppOne)), "tpp-mtls"));
  EXPECT_EQ(store->writes(), 0u);
}

TEST_F(ClientAuthenticatorTest, CA7_WithoutTheConnectionsSubjectDerTheCertificateItselfIsRead) {
  auto whole_only = mtls_peer(kTppOne);
  whole_only.certificate->subject_der.clear();
  EXPECT_TRUE(accepted(run(form({{"client_id", "tpp-mtls"}}), whole_only), "tpp-mtls"));
  auto other = mtls_peer(kTppTwo);
  other.certificate->subject_der.clear();
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), other)));
}

TEST_F(ClientAuthenticatorTest, T09_ASubjectDerThatIsNotANameIsInvalidClient) {
  auto garbled = mtls_peer(kTppOne);
  garbled.certificate->subject_der = "not DER";
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), garbled)));
}

TEST_F(ClientAuthenticatorTest, T09_ACertificateWithAnotherSubjectIsInvalidClient) {
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), mtls_peer(kTppTwo))));
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), mtls_peer({{"CN", "tpp-one"}}))));
}

TEST_F(ClientAuthenticatorTest, T09_NoClientCertificateIsInvalidClient) {
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), http::Peer{})));
  http::Peer tls_only;
  tls_only.listener = http::Listener::tls;
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), tls_only)));
}

TEST_F(ClientAuthenticatorTest, T09_APrivateKeyJwtClientCannotAuthenticateByCertificateAlone) {
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-f1"}}), mtls_peer(kTppOne))));
}

// The subject of a connection's certificate is decoded once per client, then its match remembered
// (oauth/subject_match_memo.hpp); what is remembered must never admit anything the decoding would refuse.
TEST_F(ClientAuthenticatorTest, CA7_AMatchIsRememberedAndTheSameCertificateAuthenticatesAgain) {
  const auto peer = mtls_peer(kTppOne);
  EXPECT_TRUE(accepted(run(form({{"client_id", "tpp-mtls"}}), peer), "tpp-mtls"));
  EXPECT_TRUE(auth.subject_matches().matched("tpp-mtls", peer.certificate->subject_der));
  EXPECT_TRUE(accepted(run(form({{"client_id", "tpp-mtls"}}), peer), "tpp-mtls"));
  EXPECT_EQ(auth.subject_matches().size(), 1u);
}

TEST_F(ClientAuthenticatorTest, T09_ARememberedMatchAdmitsNeitherAnotherSubjectNorAnotherClient) {
  const auto one = mtls_peer(kTppOne);
  const auto two = mtls_peer(kTppTwo);
  ASSERT_TRUE(accepted(run(form({{"client_id", "tpp-mtls"}}), one), "tpp-mtls"));
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), two)));
  EXPECT_TRUE(refused(run(form({{"client_id", "mtls-two"}}), one)));
  EXPECT_TRUE(accepted(run(form({{"client_id", "mtls-two"}}), two), "mtls-two"));
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), two)));
  EXPECT_EQ(auth.subject_matches().size(), 2u);
}

TEST_F(ClientAuthenticatorTest, T09_ARefusalIsNotRemembered) {
  const auto two = mtls_peer(kTppTwo);
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), two)));
  EXPECT_TRUE(refused(run(form({{"client_id", "tpp-mtls"}}), two)));
  EXPECT_FALSE(auth.subject_matches().matched("tpp-mtls", two.certificate->subject_der));
  EXPECT_EQ(auth.subject_matches().size(), 0u);
}

TEST_F(ClientAuthenticatorTest, CA7_AMatchReadFromTheWholeCertificateIsNotRemembered) {
  auto whole_only = mtls_peer(kTppOne);
  whole_only.certificate->subject_der.clear();
  EXPECT_TRUE(accepted(run(form({{"client_id", "tpp-mtls"}}), whole_only), "tpp-mtls"));
  EXPECT_EQ(auth.subject_matches().size(), 0u);
}

// --- T05, T07: the replay cache ---------------------------------------------------------------------------

TEST_F(ClientAuthenticatorTest, T05_AReplayedAssertionJtiIsInvalidClient) {
  const auto f = Assertion::f1().as_form();
  EXPECT_TRUE(accepted(run(f), "tpp-f1"));
  EXPECT_TRUE(refused(run(f), 1));
  EXPECT_TRUE(refused(run(Assertion::f1().with("exp", kNow + 120)), 1));  // a new assertion, the same jti
  EXPECT_EQ(store->size(), 1u);
}

TEST_F(ClientAuthenticatorTest, T05_TheReplayCacheIsPerClient) {
  EXPECT_TRUE(accepted(run(Assertion::f1()), "tpp-f1"));
  EXPECT_TRUE(accepted(run(Assertion::f2()), "tpp-f2"));  // the same jti "jti-1", another client
  EXPECT_EQ(store->count(storage::TtlKind::client_assertion_jti), 2u);
}

// The token endpoint's opaque client_credentials grant takes the jti in the write of its token
// (GrantRepository::create_grant_once): authentication leaves it pending and writes nothing.
const auto always = [](const RegisteredClient&) { return true; };

TEST_F(ClientAuthenticatorTest, T05_APendingJtiIsLeftToTheCallerAndWrittenOnlyWhenTaken) {
  auto pending = auth.authenticate_pending_jti(Assertion::f1().as_form(), {}, std::nullopt, fapi_policy(), always);
  ASSERT_TRUE(pending.has_value()) << pending.error().detail;
  EXPECT_EQ(pending->client->id(), "tpp-f1");
  ASSERT_TRUE(pending->assertion_jti.has_value());
  EXPECT_EQ(pending->assertion_jti->kind, storage::TtlKind::client_assertion_jti);
  EXPECT_EQ(pending->assertion_jti->ttl, 70s);  // as when authenticate() takes it
  EXPECT_EQ(store->writes(), 0u);

  auto jti = pending->assertion_jti;
  ASSERT_TRUE(auth.take_jti(jti).has_value());
  EXPECT_FALSE(jti.has_value());
  EXPECT_EQ(store->count(storage::TtlKind::client_assertion_jti), 1u);
  auto again = pending->assertion_jti;
  auto replayed = auth.take_jti(again);
  ASSERT_FALSE(replayed.has_value());
  EXPECT_EQ(replayed.error().code, ErrorCode::invalid_client);
  EXPECT_EQ(store->size(), 1u);
}

TEST_F(ClientAuthenticatorTest, T05_AJtiTakenAlreadyIsRefusedBeforeItIsLeftPending) {
  EXPECT_TRUE(accepted(run(Assertion::f1()), "tpp-f1"));
  auto pending = auth.authenticate_pending_jti(Assertion::f1().as_form(), {}, std::nullopt, fapi_policy(), always);
  ASSERT_FALSE(pending.has_value());
  EXPECT_EQ(pending.error().code, ErrorCode::invalid_client);
  EXPECT_EQ(pending.error().status, 401);
  EXPECT_EQ(store->size(), 1u);
}

TEST_F(ClientAuthenticatorTest, T05_AClientTheCallerDoesNotDeferHasItsJtiTakenAtOnce) {
  std::vector<std::string> asked;
  const auto not_deferred = [&asked](const RegisteredClient& c) {
    asked.push_back(c.id());
    return false;
  };
  auto taken = auth.authenticate_pending_jti(Assertion::f1().as_form(), {}, std::nullopt, fapi_policy(), not_deferred);
  ASSERT_TRUE(taken.has_value()) << taken.error().detail;
  EXPECT_EQ(taken->client->id(), "tpp-f1");
  EXPECT_FALSE(taken->assertion_jti.has_value());
  EXPECT_EQ(asked, std::vector<std::string>{"tpp-f1"});  // asked about the authenticated client, once
  EXPECT_EQ(store->count(storage::TtlKind::client_assertion_jti), 1u);
  auto replayed = auth.authenticate_pending_jti(Assertion::f1().as_form(), {}, std::nullopt, fapi_policy(), not_deferred);
  ASSERT_FALSE(replayed.has_value());
  EXPECT_EQ(replayed.error().code, ErrorCode::invalid_client);
  EXPECT_EQ(store->size(), 1u);
}

TEST_F(ClientAuthenticatorTest, T05_ACertificateLeavesNoJtiPending) {
  auto pending = auth.authenticate_pending_jti(form({{"client_id", "tpp-mtls"}}), mtls_peer(kTppOne), std::nullopt,
                                               fapi_policy(), always);
  ASSERT_TRUE(pending.has_value()) << pending.error().detail;
  EXPECT_FALSE(pending->assertion_jti.has_value());
  EXPECT_EQ(store->writes(), 0u);
}

TEST_F(ClientAuthenticatorTest, T07_AnAssertionExpiringFortyEightHoursAheadIsInvalidClient) {
  EXPECT_TRUE(refused(run(Assertion::f1().with("exp", kNow + 48 * 3600))));
  // The bound is the maximum lifetime plus the skew: 310 s is accepted, 311 s is not.
  EXPECT_TRUE(refused(run(Assertion::f1().with("exp", kNow + 311))));
  EXPECT_TRUE(accepted(run(Assertion::f1().with("exp", kNow + 310)), "tpp-f1"));
  EXPECT_EQ(store->entries().begin()->second.ttl, 320s);
}

TEST_F(ClientAuthenticatorTest, AStoreOutageIsTheStoresErrorNotInvalidClient) {
  store->failure = OAuthError(ErrorCode::temporarily_unavailable, "storage unavailable", "redis down");
  auto r = run(Assertion::f1());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(store->size(), 0u);
  // An assertion that fails before the replay check is still invalid_client during the outage.
  EXPECT_TRUE(refused(run(Assertion::f1().without("sub"))));
  store->failure.reset();
  EXPECT_TRUE(accepted(run(Assertion::f1()), "tpp-f1"));  // the jti was not consumed by the outage
}

}  // namespace
}  // namespace fapid::oauth
