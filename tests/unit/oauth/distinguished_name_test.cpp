#include "oauth/distinguished_name.hpp"

#include "unit/oauth/subject_der.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace fapid::oauth {
namespace {

using testing::subject_der_of;

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
};

using Attributes = std::vector<std::pair<std::string, std::string>>;

// A self-signed certificate whose subject has `attributes` added in the given order (most significant
// first, as X.509 stores them), each its own RDN. Values are UTF-8; OpenSSL picks the string type.
std::string certificate_der(const Attributes& attributes) {
  static const std::unique_ptr<EVP_PKEY, Free> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, Free> cert(X509_new());
  X509_set_version(cert.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME* subject = X509_get_subject_name(cert.get());
  for (const auto& [type, value] : attributes) {
    EXPECT_EQ(X509_NAME_add_entry_by_txt(subject, type.c_str(), MBSTRING_UTF8,
                                         reinterpret_cast<const unsigned char*>(value.data()),
                                         static_cast<int>(value.size()), -1, 0),
              1)
        << type;
  }
  X509_set_issuer_name(cert.get(), subject);
  X509_set_pubkey(cert.get(), key.get());
  EXPECT_GT(X509_sign(cert.get(), key.get(), EVP_sha256()), 0);
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert.get(), &der);
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

DistinguishedName subject(const Attributes& attributes) {
  auto dn = DistinguishedName::subject_of_certificate(certificate_der(attributes));
  EXPECT_TRUE(dn);
  return *dn;
}

DistinguishedName dn(std::string_view text) {
  auto parsed = DistinguishedName::parse_rfc4514(text);
  EXPECT_TRUE(parsed) << text;
  return parsed ? *parsed : *DistinguishedName::parse_rfc4514("CN=parse failed");
}

const Attributes kTppTwo{{"C", "BR"}, {"O", "Example TPP Two"}, {"OU", "dev"}, {"CN", "tpp-two"}};

TEST(DistinguishedName, CA7_MatchesTheSubjectOfACertificateListedMostSignificantRdnLast) {
  const auto registered = dn("CN=tpp-two,OU=dev,O=Example TPP Two,C=BR");
  EXPECT_TRUE(registered.matches(subject(kTppTwo)));
  EXPECT_TRUE(subject(kTppTwo).matches(registered));
  EXPECT_EQ(subject(kTppTwo).to_string(), "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR");
}

TEST(DistinguishedName, CA7_ValuesMatchIgnoringCaseAndInsignificantSpaces) {
  const auto cert = subject(kTppTwo);
  EXPECT_TRUE(dn("cn=TPP-TWO,ou=DEV,o=example tpp two,c=br").matches(cert));
  EXPECT_TRUE(dn(R"(CN=\20tpp-two\20\20,OU=dev,O=Example    TPP  Two,C=BR)").matches(cert));
  const auto spaced = subject({{"C", "BR"}, {"O", "  Example   TPP Two "}, {"OU", "dev"}, {"CN", "tpp-two"}});
  EXPECT_TRUE(dn("CN=tpp-two,OU=dev,O=Example TPP Two,C=BR").matches(spaced));
}

TEST(DistinguishedName, CA7_AcceptsSpacesAroundSeparators) {
  EXPECT_TRUE(dn("CN = tpp-two, OU=dev , O=Example TPP Two,  C=BR").matches(subject(kTppTwo)));
}

TEST(DistinguishedName, CA7_DoesNotMatchADifferentValue) {
  const auto cert = subject(kTppTwo);
  EXPECT_FALSE(dn("CN=tpp-one,OU=dev,O=Example TPP Two,C=BR").matches(cert));
  EXPECT_FALSE(dn("CN=tpp-two,OU=dev,O=Example TPP Two,C=US").matches(cert));
  EXPECT_FALSE(dn("CN=tpp-two,OU=dev,O=ExampleTPPTwo,C=BR").matches(cert));
  EXPECT_FALSE(dn("CN=tpp-two,O=dev,OU=Example TPP Two,C=BR").matches(cert));  // same values, types swapped
}

TEST(DistinguishedName, CA7_DoesNotMatchWhenAnRdnIsMissingOrExtra) {
  const auto cert = subject(kTppTwo);
  EXPECT_FALSE(dn("CN=tpp-two,O=Example TPP Two,C=BR").matches(cert));
  EXPECT_FALSE(dn("CN=tpp-two,OU=dev,O=Example TPP Two").matches(cert));
  EXPECT_FALSE(dn("CN=tpp-two,OU=dev,O=Example TPP Two,C=BR,DC=example").matches(cert));
}

TEST(DistinguishedName, CA7_DoesNotMatchReorderedRdns) {
  const auto cert = subject(kTppTwo);
  EXPECT_FALSE(dn("C=BR,O=Example TPP Two,OU=dev,CN=tpp-two").matches(cert));
  EXPECT_FALSE(dn("OU=dev,CN=tpp-two,O=Example TPP Two,C=BR").matches(cert));
}

TEST(DistinguishedName, CA7_AMultiValuedRdnMatchesWhateverTheOrderOfItsValues) {
  EXPECT_TRUE(dn("CN=a+UID=42+OU=x,O=b,C=BR").matches(dn("OU=X + CN=A+UID=42,O=b,C=BR")));
  EXPECT_FALSE(dn("CN=a+OU=x,O=b,C=BR").matches(dn("CN=a,OU=x,O=b,C=BR")));
  EXPECT_FALSE(dn("CN=a+OU=x,O=b,C=BR").matches(dn("CN=a+OU=y,O=b,C=BR")));
  EXPECT_FALSE(dn("CN=a+OU=x,O=b,C=BR").matches(dn("CN=a+OU=x+UID=1,O=b,C=BR")));
}

TEST(DistinguishedName, UnescapesSpecialCharactersAndHexPairs) {
  EXPECT_TRUE(dn(R"(O=Example\, Inc.,C=BR)").matches(subject({{"C", "BR"}, {"O", "Example, Inc."}})));
  EXPECT_TRUE(dn(R"(CN=\#hash)").matches(subject({{"CN", "#hash"}})));
  EXPECT_TRUE(dn(R"(CN=a\+b\;c\<d\>e\=f\"g\\h)").matches(subject({{"CN", R"(a+b;c<d>e=f"g\h)"}})));
  EXPECT_TRUE(dn(R"(CN=\20lead)").matches(subject({{"CN", " lead"}})));
  EXPECT_TRUE(dn(R"(L=S\C3\83O PAULO,C=BR)").matches(subject({{"C", "BR"}, {"L", "S\xC3\x83O PAULO"}})));
  EXPECT_TRUE(dn(R"(CN=a=b#c)").matches(subject({{"CN", "a=b#c"}})));  // '=' and inner '#' need no escape
}

TEST(DistinguishedName, CA7_HexEncodedValueEqualsThePlainString) {
  const auto plain = dn("organizationIdentifier=OFBBR-12345678");
  EXPECT_TRUE(dn("2.5.4.97=#0c0e4f464242522d3132333435363738").matches(plain));  // UTF8String
  EXPECT_TRUE(dn("2.5.4.97=#130E4F464242522D3132333435363738").matches(plain));  // PrintableString
  EXPECT_TRUE(dn("2.5.4.97=OFBBR-12345678").matches(plain));
  EXPECT_FALSE(dn("2.5.4.97=#0c0e4f464242522d3132333435363739").matches(plain));
  EXPECT_TRUE(dn("serialNumber=12345678000190").matches(dn("2.5.4.5=#130e3132333435363738303030313930")));
}

TEST(DistinguishedName, CA7_MatchesAnOpenFinanceBrasilSubject) {
  const auto cert = subject({{"serialNumber", "12345678000190"},
                             {"businessCategory", "Private Organization"},
                             {"jurisdictionC", "BR"},
                             {"organizationIdentifier", "OFBBR-12345678"},
                             {"C", "BR"},
                             {"ST", "SP"},
                             {"L", "SAO PAULO"},
                             {"O", "Some Org"},
                             {"OU", "74e929d9-33b6-4d85-8ba7-c146c867a817"},
                             {"CN", "tpp.example"}});
  const auto named = dn(
      "CN=tpp.example,OU=74e929d9-33b6-4d85-8ba7-c146c867a817,O=Some Org,L=SAO PAULO,ST=SP,C=BR,"
      "2.5.4.97=OFBBR-12345678,jurisdictionC=BR,businessCategory=Private Organization,serialNumber=12345678000190");
  EXPECT_TRUE(named.matches(cert));
  const auto hex = dn(
      "CN=tpp.example,OU=74e929d9-33b6-4d85-8ba7-c146c867a817,O=Some Org,L=SAO PAULO,ST=SP,C=BR,"
      "2.5.4.97=#0c0e4f464242522d3132333435363738,1.3.6.1.4.1.311.60.2.1.3=#13024252,"
      "2.5.4.15=#131450726976617465204f7267616e697a6174696f6e,2.5.4.5=#130e3132333435363738303030313930");
  EXPECT_TRUE(hex.matches(cert));
  const auto long_names = dn(
      "CN=tpp.example,OU=74e929d9-33b6-4d85-8ba7-c146c867a817,O=Some Org,L=SAO PAULO,ST=SP,C=BR,"
      "organizationIdentifier=OFBBR-12345678,jurisdictionCountryName=BR,BUSINESSCATEGORY=Private Organization,"
      "SERIALNUMBER=12345678000190");
  EXPECT_TRUE(long_names.matches(cert));
  EXPECT_FALSE(dn("CN=tpp.example,OU=74e929d9-33b6-4d85-8ba7-c146c867a817,O=Some Org,L=SAO PAULO,ST=SP,C=BR")
                   .matches(cert));
}

TEST(DistinguishedName, CA7_RejectsMalformedText) {
  for (const char* text : {"", R"(CN=a\)", "=x", "CN", "CN=a,,O=b", "CN=a,", ",CN=a", "CN=a+", "CN=a;O=b",
                           "CN=#zz", "CN=#0c0", "CN=#", "CN=#0c01", "CN=#0c0141 x", "CN=#0c014141",
                           "2.5.4.97=#04024142", "2.5.4.97=#300302014", "FOO=bar", "C=BRA",
                           R"(CN=\4)", R"(CN=\4g)", R"(CN=\q)", "CN=a\"b", "CN=a<b", "OID.2.5.4.3=a",
                           "2.5.04.3=a", "2=a", "2.5.4.=a", "-CN=a", "CN=\xff\xfe", R"(CN=\ff)"}) {
    EXPECT_FALSE(DistinguishedName::parse_rfc4514(text)) << text;
  }
}

TEST(DistinguishedName, RejectsMoreThan64RdnsOrMoreThan4KiB) {
  std::string rdns = "CN=a";
  for (int i = 1; i < 64; ++i) rdns += ",CN=a";
  EXPECT_TRUE(DistinguishedName::parse_rfc4514(rdns));
  EXPECT_FALSE(DistinguishedName::parse_rfc4514(rdns + ",CN=a"));
  // 1.2.3.4 is unknown to OpenSSL, so no upper bound applies to its value (CN has ub-common-name 64).
  EXPECT_TRUE(DistinguishedName::parse_rfc4514("1.2.3.4=" + std::string(kMaxDnTextBytes - 8, 'x')));
  EXPECT_FALSE(DistinguishedName::parse_rfc4514("1.2.3.4=" + std::string(kMaxDnTextBytes - 7, 'x')));
}

TEST(DistinguishedName, RejectsValuesOutsideTheAttributeSyntaxBounds) {
  // X.520 bounds from OpenSSL's string table: DirectoryString SIZE(1..ub), countryName two letters.
  EXPECT_FALSE(DistinguishedName::parse_rfc4514("CN=,O=b"));
  EXPECT_FALSE(DistinguishedName::parse_rfc4514("CN=" + std::string(65, 'x')));
  EXPECT_TRUE(DistinguishedName::parse_rfc4514("CN=" + std::string(64, 'x')));
  EXPECT_FALSE(DistinguishedName::parse_rfc4514("C=BRA"));
  EXPECT_FALSE(DistinguishedName::parse_rfc4514("C=B"));
}

TEST(DistinguishedName, RendersRfc4514AndParsesItsOwnRendering) {
  EXPECT_EQ(dn("cn=tpp-two, ou=dev,O=Example TPP Two,C=BR").to_string(), "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR");
  for (const char* text : {R"(O=Example\, Inc.,C=BR)", R"(CN=\#hash)", R"(CN=\20lead\20)", R"(L=S\C3\83O)",
                           "CN=a+OU=b+UID=c,C=BR", "1.2.3.4=#0c0141", "2.5.4.97=OFBBR-1,jurisdictionC=BR"}) {
    const auto original = dn(text);
    const auto again = DistinguishedName::parse_rfc4514(original.to_string());
    ASSERT_TRUE(again) << text << " rendered as " << original.to_string();
    EXPECT_TRUE(again->matches(original)) << original.to_string();
    EXPECT_EQ(again->to_string(), original.to_string());
  }
  EXPECT_EQ(dn(R"(CN=\#hash)").to_string(), R"(CN=\#hash)");
  EXPECT_EQ(dn(R"(CN=\20lead)").to_string(), R"(CN=\ lead)");
  EXPECT_EQ(dn("CN=a+OU=b+UID=c,C=BR").to_string(), "CN=a+OU=b+UID=c,C=BR");
  EXPECT_EQ(dn("2.5.4.15=x,2.5.4.5=1,1.3.6.1.4.1.311.60.2.1.3=BR,2.5.4.97=y").to_string(),
            "businessCategory=x,serialNumber=1,jurisdictionC=BR,organizationIdentifier=y");
}

TEST(DistinguishedName, RejectsUnparseableCertificates) {
  const std::string der = certificate_der(kTppTwo);
  EXPECT_FALSE(DistinguishedName::subject_of_certificate(""));
  EXPECT_FALSE(DistinguishedName::subject_of_certificate(der.substr(0, der.size() - 1)));
  EXPECT_FALSE(DistinguishedName::subject_of_certificate(der + "x"));
  EXPECT_FALSE(DistinguishedName::subject_of_certificate("CN=tpp-two,OU=dev,O=Example TPP Two,C=BR"));
}

TEST(DistinguishedName, TheSubjectDerOfAConnectionMatchesLikeItsCertificate) {
  const std::string cert = certificate_der(kTppTwo);
  const auto name = DistinguishedName::from_der(subject_der_of(cert));
  ASSERT_TRUE(name);
  EXPECT_EQ(name->to_string(), subject(kTppTwo).to_string());
  EXPECT_TRUE(dn("CN=tpp-two,OU=dev,O=Example TPP Two,C=BR").matches(*name));
  EXPECT_TRUE(dn("cn=TPP-TWO,  ou=dev,o=example tpp two,c=br").matches(*name));
  EXPECT_FALSE(dn("CN=tpp-one,OU=dev,O=Example TPP Two,C=BR").matches(*name));
  EXPECT_FALSE(dn("C=BR,O=Example TPP Two,OU=dev,CN=tpp-two").matches(*name));  // order counts
}

TEST(DistinguishedName, RejectsUnparseableSubjectDer) {
  const std::string der = subject_der_of(certificate_der(kTppTwo));
  EXPECT_FALSE(DistinguishedName::from_der(""));
  EXPECT_FALSE(DistinguishedName::from_der(der.substr(0, der.size() - 1)));
  EXPECT_FALSE(DistinguishedName::from_der(der + "x"));
  EXPECT_FALSE(DistinguishedName::from_der(certificate_der(kTppTwo)));  // a whole certificate is not a Name
  EXPECT_FALSE(DistinguishedName::from_der(std::string(5000, '0')));
}

TEST(DistinguishedName, ACertificateWithAnEmptySubjectMatchesNoRegisteredName) {
  const auto empty = subject({});
  EXPECT_EQ(empty.to_string(), "");
  EXPECT_TRUE(empty.matches(subject({})));
  EXPECT_FALSE(empty.matches(dn("CN=a")));
  EXPECT_FALSE(dn("CN=a").matches(empty));
}

TEST(DistinguishedName, SurvivesRandomInput) {
  std::mt19937 rng(4514);
  const std::string alphabet = R"(CNOUL=,+\#"; <>0123456789abcdefABCDEF.)";
  for (int i = 0; i < 4000; ++i) {
    std::string text(std::uniform_int_distribution<std::size_t>(0, 48)(rng), '\0');
    const bool bytes = i % 2 == 0;
    for (auto& c : text) {
      c = bytes ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
    }
    if (i % 4 == 1) text = "CN=" + text;
    if (i % 4 == 3) text = "2.5.4.97=#" + text;
    if (auto parsed = DistinguishedName::parse_rfc4514(text)) {
      auto again = DistinguishedName::parse_rfc4514(parsed->to_string());
      ASSERT_TRUE(again) << text << " rendered as " << parsed->to_string();
      EXPECT_TRUE(again->matches(*parsed)) << text;
    }
  }
  const std::string der = certificate_der(kTppTwo);
  const auto reference = subject(kTppTwo);
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = der;
    for (int flips = 1 + i % 3; flips > 0; --flips) mutated[rng() % mutated.size()] = static_cast<char>(rng());
    if (auto parsed = DistinguishedName::subject_of_certificate(mutated)) (void)parsed->matches(reference);
  }
}

TEST(DistinguishedName, CopiesCanBeComparedFromSeveralThreads) {
  const auto registered = dn("CN=tpp-two,OU=dev,O=Example TPP Two,C=BR");
  const auto cert = subject(kTppTwo);
  std::vector<std::thread> threads;
  std::vector<int> matched(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t, copy = registered] {
      for (int i = 0; i < 500; ++i) matched[t] += copy.matches(cert) && !copy.to_string().empty();
    });
  }
  for (auto& th : threads) th.join();
  for (int m : matched) EXPECT_EQ(m, 500);
}

}  // namespace
}  // namespace fapid::oauth
