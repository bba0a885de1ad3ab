// The `fapi` section: lifetimes and knobs of the FAPI tree, every key optional.
#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr const char* kNonceKey = "0123456789abcdef0123456789abcdef";  // 32 bytes

class FapiConfig : public ExampleConfig {
 protected:
  // The example without its `fapi:` section: from "fapi:" to the next top-level key.
  std::string without_fapi() const {
    std::string text = example_;
    const auto start = text.find("\nfapi:\n");
    EXPECT_NE(start, std::string::npos) << "the example has no fapi section";
    if (start == std::string::npos) return text;
    auto end = start + 1;
    while ((end = text.find('\n', end)) != std::string::npos && end + 1 < text.size()) {
      const char next = text[end + 1];
      if (next != ' ' && next != '#' && next != '\n') break;
      ++end;
    }
    text.erase(start + 1, end == std::string::npos ? std::string::npos : end - start);
    return text;
  }
  // The example with `body` (indented lines) as its whole `fapi:` section.
  LoadResult with_fapi(const std::string& body) const { return load(without_fapi() + "fapi:\n" + body); }
};

TEST_F(FapiConfig, DefaultsApplyWhenTheSectionIsAbsent) {
  const auto r = load(without_fapi());
  ASSERT_NE(r.config, nullptr) << joined(r);
  const Fapi& f = r.config->fapi;
  EXPECT_EQ(f.par_lifetime, 90s);
  EXPECT_EQ(f.code_lifetime, 60s);
  EXPECT_EQ(f.access_token_lifetime, 300s);
  EXPECT_EQ(f.refresh_token_lifetime, std::chrono::days(365));
  EXPECT_EQ(f.interaction_lifetime, 10min);
  EXPECT_EQ(f.max_clock_skew, 10s);
  EXPECT_TRUE(f.require_dpop_nonce);
  EXPECT_FALSE(f.dpop_nonce_secret.has_value());
  EXPECT_EQ(f.acr, "urn:brasil:openbanking:loa2");
  EXPECT_THAT(f.acr_values_supported, ElementsAre("urn:brasil:openbanking:loa2", "urn:brasil:openbanking:loa3"));
}

TEST_F(FapiConfig, TheExampleStatesTheDefaults) {
  const auto example = load();
  const auto absent = load(without_fapi());
  ASSERT_NE(example.config, nullptr) << joined(example);
  ASSERT_NE(absent.config, nullptr) << joined(absent);
  const Fapi& e = example.config->fapi;
  const Fapi& d = absent.config->fapi;
  EXPECT_EQ(e.par_lifetime, d.par_lifetime);
  EXPECT_EQ(e.code_lifetime, d.code_lifetime);
  EXPECT_EQ(e.access_token_lifetime, d.access_token_lifetime);
  EXPECT_EQ(e.refresh_token_lifetime, d.refresh_token_lifetime);
  EXPECT_EQ(e.interaction_lifetime, d.interaction_lifetime);
  EXPECT_EQ(e.max_clock_skew, d.max_clock_skew);
  EXPECT_EQ(e.require_dpop_nonce, d.require_dpop_nonce);
  EXPECT_EQ(e.acr, d.acr);
  EXPECT_EQ(e.acr_values_supported, d.acr_values_supported);
}

TEST_F(FapiConfig, ReadsEveryKey) {
  dir_.file("certs/dev/secrets/dpop-nonce/key", std::string(kNonceKey) + "\n");
  const auto r = with_fapi(
      "  parLifetime: 60s\n  codeLifetime: 10s\n  accessTokenLifetime: 15m\n  refreshTokenLifetime: 30d\n"
      "  interactionLifetime: 1h\n  maxClockSkew: 0s\n  requireDpopNonce: false\n"
      "  dpopNonceSecretName: dpop-nonce\n  dpopNonceSecretKey: key\n"
      "  acr: urn:brasil:openbanking:loa3\n"
      "  acrValuesSupported: [urn:brasil:openbanking:loa3, 'https://bank.example/acr/strong']\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  const Fapi& f = r.config->fapi;
  EXPECT_EQ(f.par_lifetime, 60s);
  EXPECT_EQ(f.code_lifetime, 10s);
  EXPECT_EQ(f.access_token_lifetime, 900s);
  EXPECT_EQ(f.refresh_token_lifetime, std::chrono::days(30));
  EXPECT_EQ(f.interaction_lifetime, 1h);
  EXPECT_EQ(f.max_clock_skew, 0s);
  EXPECT_FALSE(f.require_dpop_nonce);
  ASSERT_TRUE(f.dpop_nonce_secret.has_value());
  EXPECT_TRUE(f.dpop_nonce_secret->equals(kNonceKey));  // one trailing newline stripped
  EXPECT_EQ(f.acr, "urn:brasil:openbanking:loa3");
  EXPECT_THAT(f.acr_values_supported, ElementsAre("urn:brasil:openbanking:loa3", "https://bank.example/acr/strong"));
}

TEST_F(FapiConfig, OutOfRangeLifetimesAreRefusedWithTheirPath) {
  const auto below = with_fapi(
      "  parLifetime: 59s\n  codeLifetime: 0s\n  accessTokenLifetime: 59s\n  refreshTokenLifetime: 59m\n"
      "  interactionLifetime: 59s\n");
  EXPECT_CONFIG_ERROR(below, "fapi.parLifetime: must be between 60s and 599s (SPEC P5: OFB at least 60 s, FAPI 2.0 under 600 s)");
  EXPECT_CONFIG_ERROR(below, "fapi.codeLifetime: must be between 1s and 60s (SPEC TK2: FAPI 2.0 at most 60 s)");
  EXPECT_CONFIG_ERROR(below, "fapi.accessTokenLifetime: must be between 60s and 1h (SPEC TK7)");
  EXPECT_CONFIG_ERROR(below, "fapi.refreshTokenLifetime: must be between 1h and 3650d");
  EXPECT_CONFIG_ERROR(below, "fapi.interactionLifetime: must be between 60s and 1h");
  const auto above = with_fapi(
      "  parLifetime: 600s\n  codeLifetime: 61s\n  accessTokenLifetime: 3601s\n  refreshTokenLifetime: 3651d\n"
      "  interactionLifetime: 61m\n  maxClockSkew: 60s\n");
  EXPECT_CONFIG_ERROR(above, "fapi.parLifetime: must be between 60s and 599s (SPEC P5: OFB at least 60 s, FAPI 2.0 under 600 s)");
  EXPECT_CONFIG_ERROR(above, "fapi.codeLifetime: must be between 1s and 60s (SPEC TK2: FAPI 2.0 at most 60 s)");
  EXPECT_CONFIG_ERROR(above, "fapi.accessTokenLifetime: must be between 60s and 1h (SPEC TK7)");
  EXPECT_CONFIG_ERROR(above, "fapi.refreshTokenLifetime: must be between 1h and 3650d");
  EXPECT_CONFIG_ERROR(above, "fapi.interactionLifetime: must be between 60s and 1h");
  EXPECT_CONFIG_ERROR(above, "fapi.maxClockSkew: must be between 0s and 59s (SPEC CA5: +60 s must be refused)");
  EXPECT_EQ(above.errors.size(), 6u) << joined(above);
}

TEST_F(FapiConfig, TheEndsOfEachRangeAreAccepted) {
  EXPECT_CONFIG_OK(with_fapi("  parLifetime: 599s\n  codeLifetime: 1s\n  accessTokenLifetime: 1h\n"
                             "  refreshTokenLifetime: 3650d\n  interactionLifetime: 1m\n  maxClockSkew: 59s\n"));
  EXPECT_CONFIG_OK(with_fapi("  parLifetime: 1m\n  codeLifetime: 60000ms\n  accessTokenLifetime: 60s\n"
                             "  refreshTokenLifetime: 1h\n  interactionLifetime: 60m\n  maxClockSkew: 0ms\n"));
}

TEST_F(FapiConfig, SubSecondPrecisionIsRefused) {
  const auto r = with_fapi("  codeLifetime: 1500ms\n  maxClockSkew: 500ms\n");
  EXPECT_CONFIG_ERROR(r, "fapi.codeLifetime: sub-second precision is not supported (whole seconds, e.g. 2s)");
  EXPECT_CONFIG_ERROR(r, "fapi.maxClockSkew: sub-second precision is not supported (whole seconds, e.g. 2s)");
  EXPECT_CONFIG_OK(with_fapi("  codeLifetime: 2000ms\n"));
}

TEST_F(FapiConfig, MalformedDurationsAreRefused) {
  const auto r = with_fapi("  parLifetime: 90\n  codeLifetime: 1.5s\n  refreshTokenLifetime: d\n  interactionLifetime: [10m]\n");
  EXPECT_CONFIG_ERROR(r, "fapi.parLifetime: expected a duration such as 90s, 10m, 1h or 365d");
  EXPECT_CONFIG_ERROR(r, "fapi.codeLifetime: expected a duration such as 90s, 10m, 1h or 365d");
  EXPECT_CONFIG_ERROR(r, "fapi.refreshTokenLifetime: expected a duration such as 90s, 10m, 1h or 365d");
  EXPECT_CONFIG_ERROR(r, "fapi.interactionLifetime: expected a string");
  EXPECT_CONFIG_ERROR(with_fapi("  refreshTokenLifetime: 99999999999d\n"),
                      "fapi.refreshTokenLifetime: expected a duration such as 90s, 10m, 1h or 365d");
}

TEST_F(FapiConfig, UnknownKeysAndANonMapAreRefused) {
  EXPECT_CONFIG_ERROR(with_fapi("  parLifetme: 90s\n"), "fapi.parLifetme: unknown key");
  EXPECT_CONFIG_ERROR(load(without_fapi() + "fapi: 90s\n"), "fapi: expected a map");
}

TEST_F(FapiConfig, RequireDpopNonceIsABoolean) {
  EXPECT_CONFIG_ERROR(with_fapi("  requireDpopNonce: yes\n"), "fapi.requireDpopNonce: expected true or false");
}

TEST_F(FapiConfig, AcrMustBeOneOfAcrValuesSupported) {
  EXPECT_CONFIG_ERROR(with_fapi("  acr: urn:brasil:openbanking:loa1\n"),
                      "fapi.acr: \"urn:brasil:openbanking:loa1\" is not one of fapi.acrValuesSupported");
  // The default acr too, when the list is configured without it.
  EXPECT_CONFIG_ERROR(with_fapi("  acrValuesSupported: urn:brasil:openbanking:loa3\n"),
                      "fapi.acr: \"urn:brasil:openbanking:loa2\" is not one of fapi.acrValuesSupported");
  EXPECT_CONFIG_ERROR(with_fapi("  acr: ''\n"), "fapi.acr: must not be empty");
}

TEST_F(FapiConfig, AcrValuesSupportedIsANonEmptySetOfAbsoluteUrisOrUrns) {
  EXPECT_CONFIG_ERROR(with_fapi("  acrValuesSupported: []\n"), "fapi.acrValuesSupported: must not be empty");
  EXPECT_CONFIG_ERROR(with_fapi("  acrValuesSupported: ' , '\n"), "fapi.acrValuesSupported: must not be empty");
  const auto r = with_fapi("  acr: urn:brasil:openbanking:loa2\n"
                           "  acrValuesSupported: \"urn:brasil:openbanking:loa2, loa3, urn:x:y, urn:-bad:z, urn:nss:,\n"
                           "    https://bank.example/acr#frag, urn:brasil:openbanking:loa2\"\n");
  const std::string suffix = "\" is not an absolute URI or a URN (OpenID Connect Core 1.0 §2)";
  EXPECT_CONFIG_ERROR(r, "fapi.acrValuesSupported[1]: \"loa3" + suffix);
  EXPECT_CONFIG_ERROR(r, "fapi.acrValuesSupported[2]: \"urn:x:y" + suffix);  // NID of one character
  EXPECT_CONFIG_ERROR(r, "fapi.acrValuesSupported[3]: \"urn:-bad:z" + suffix);
  EXPECT_CONFIG_ERROR(r, "fapi.acrValuesSupported[4]: \"urn:nss:" + suffix);
  EXPECT_CONFIG_ERROR(r, "fapi.acrValuesSupported[5]: \"https://bank.example/acr#frag" + suffix);
  EXPECT_CONFIG_ERROR(r, "fapi.acrValuesSupported[6]: duplicate value \"urn:brasil:openbanking:loa2\"");
  EXPECT_EQ(r.errors.size(), 6u) << joined(r);
}

TEST_F(FapiConfig, DpopNonceSecretNeedsBothNameAndKey) {
  EXPECT_CONFIG_ERROR(with_fapi("  dpopNonceSecretName: dpop-nonce\n"),
                      "fapi.dpopNonceSecretKey: is required with the other DPoP nonce secret key");
  EXPECT_CONFIG_ERROR(with_fapi("  dpopNonceSecretKey: key\n"),
                      "fapi.dpopNonceSecretName: is required with the other DPoP nonce secret key");
  EXPECT_CONFIG_ERROR(with_fapi("  dpopNonceSecretName: ../etc\n  dpopNonceSecretKey: key\n"),
                      "fapi.dpopNonceSecretName: name and key must match [A-Za-z0-9._-]+");
}

TEST_F(FapiConfig, DpopNonceSecretIsResolvedFromTheEnvironmentAndAMissingOneIsNamed) {
  const std::string keys = "  dpopNonceSecretName: dpop-nonce\n  dpopNonceSecretKey: key\n";
  const auto missing = with_fapi(keys);
  ASSERT_EQ(missing.config, nullptr);
  EXPECT_THAT(joined(missing), HasSubstr("fapi.dpopNonceSecretName: "));
  EXPECT_THAT(joined(missing), HasSubstr("FAPID_SECRET_DPOP_NONCE_KEY"));
  env_.set("FAPID_SECRET_DPOP_NONCE_KEY", kNonceKey);
  const auto r = with_fapi(keys);
  ASSERT_NE(r.config, nullptr) << joined(r);
  ASSERT_TRUE(r.config->fapi.dpop_nonce_secret.has_value());
  EXPECT_TRUE(r.config->fapi.dpop_nonce_secret->equals(kNonceKey));
}

TEST_F(FapiConfig, DpopNonceSecretShorterThan32BytesIsRefusedWithoutEchoingIt) {
  dir_.file("certs/dev/secrets/dpop-nonce/key", "short-nonce-key-31-bytes-long!!\n");
  const auto r = with_fapi("  dpopNonceSecretName: dpop-nonce\n  dpopNonceSecretKey: key\n");
  EXPECT_CONFIG_ERROR(r, "fapi.dpopNonceSecretName: the secret must be at least 32 bytes (256 bits)");
  EXPECT_EQ(joined(r).find("short-nonce"), std::string::npos);
}

}  // namespace
}  // namespace fapid::config::test
