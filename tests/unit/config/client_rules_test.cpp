// Client rules, driven through the loader so each error is asserted with the path an operator sees.
#include "config/client_rules.hpp"

#include "config_test_support.hpp"

namespace fapid::config::test {
namespace {

using ::testing::ElementsAre;

class ClientRules : public ExampleConfig {
 protected:
  std::string jwks_line() const { return "    jwksFile: " + dev("clients/tpp-one.jwks.json") + "\n"; }
};

constexpr const char* kTppOneAuth = "    tokenEndpointAuthMethod: private_key_jwt\n";

TEST_F(ClientRules, FapiClientMustNotUseASharedSecretMethod) {
  EXPECT_CONFIG_ERROR(load_with(kTppOneAuth, "    tokenEndpointAuthMethod: client_secret_post\n"),
                      "clients[1].tokenEndpointAuthMethod: client_secret_post is not allowed for a FAPI client (private_key_jwt or tls_client_auth)");
}

TEST_F(ClientRules, NonFapiClientMustNotUseAFapiMethod) {
  EXPECT_CONFIG_ERROR(load_with(R"(tokenEndpointAuthMethod: "client_secret_post")", R"(tokenEndpointAuthMethod: "private_key_jwt")"),
                      "clients[0].tokenEndpointAuthMethod: private_key_jwt is only for FAPI clients (set profile), non-FAPI clients use client_secret_post or client_secret_basic");
  EXPECT_CONFIG_ERROR(load_with(R"(tokenEndpointAuthMethod: "client_secret_post")", R"(tokenEndpointAuthMethod: "client_secret_jwt")"),
                      "clients[0].tokenEndpointAuthMethod: expected private_key_jwt, tls_client_auth, client_secret_post or client_secret_basic");
}

TEST_F(ClientRules, UnknownProfileIsRefused) {
  EXPECT_CONFIG_ERROR(load_with("profile: fapi2", "profile: fapi3"),
                      "clients[2].profile: expected fapi1-advanced or fapi2 (omit it for a non-FAPI client)");
}

TEST_F(ClientRules, FapiClientMustNotHaveAClientSecret) {
  EXPECT_CONFIG_ERROR(load_with(kTppOneAuth, std::string(kTppOneAuth) + "    clientSecretName: portal-secret\n    clientSecretKey: client-secret\n"),
                      "clients[1].clientSecretName: a FAPI client must not have a client secret");
}

TEST_F(ClientRules, NonFapiClientNeedsBothSecretNameAndKey) {
  EXPECT_CONFIG_ERROR(load_with(R"(    clientSecretKey: "client-secret")" "\n", ""), "clients[0].clientSecretKey: is required with clientSecretName");
  const std::string without_secret =
      replace_once(replace_once(example_, R"(    clientSecretKey: "client-secret")" "\n", ""), R"(    clientSecretName: "portal-secret")" "\n", "");
  EXPECT_CONFIG_ERROR(load(without_secret), "clients[0].clientSecretName: is required for client_secret_post");
}

TEST_F(ClientRules, PrivateKeyJwtNeedsExactlyOneKeySource) {
  EXPECT_CONFIG_ERROR(load_with(jwks_line(), ""), "clients[1]: private_key_jwt needs one of jwks, jwksFile, jwksUri");
  EXPECT_CONFIG_ERROR(load_with(jwks_line(), jwks_line() + "    jwksUri: https://tpp.example/jwks\n"),
                      "clients[1]: set only one of jwks, jwksFile, jwksUri");
}

TEST_F(ClientRules, JwksUriMustBeHttps) {
  EXPECT_CONFIG_ERROR(load_with(jwks_line(), "    jwksUri: http://tpp.example/jwks\n"), "clients[1].jwksUri: not an https URL");
  const auto r = load_with(jwks_line(), "    jwksUri: https://tpp.example/jwks\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->clients[1].jwks_uri, "https://tpp.example/jwks");
}

TEST_F(ClientRules, InlineJwksIsConvertedToCompactJson) {
  const auto r = load_with(jwks_line(), "    jwks: {keys: [{kty: EC, kid: k1, crv: P-256, x: abc, y: def}]}\n");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->clients[1].jwks_json, R"({"keys":[{"crv":"P-256","kid":"k1","kty":"EC","x":"abc","y":"def"}]})");
}

TEST_F(ClientRules, InlineJwksWithAPrivateMemberIsRefused) {
  EXPECT_CONFIG_ERROR(load_with(jwks_line(), "    jwks: {keys: [{kty: EC, kid: k1, d: secret-part}]}\n"),
                      "clients[1].jwks: keys[0] contains the private member \"d\"");
  EXPECT_CONFIG_ERROR(load_with(jwks_line(), "    jwks: {keys: []}\n"), "clients[1].jwks: JWKS must have a non-empty \"keys\" array");
  EXPECT_CONFIG_ERROR(load_with(jwks_line(), "    jwks: {keys: [{kid: k1}]}\n"), "clients[1].jwks: keys[0] has no \"kty\" string");
}

TEST_F(ClientRules, InlineJwksAliasBombIsBounded) {
  std::string bomb = "    jwks: {keys: [{kty: EC, kid: k1, x: &a [y, y, y, y, y, y, y, y, y, y]";
  std::string prev = "a";
  for (int i = 0; i < 8; ++i) {
    const std::string next = "a" + std::to_string(i);
    bomb += ", " + next + ": &" + next + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]";
    prev = next;
  }
  bomb += "}]}\n";
  EXPECT_CONFIG_ERROR(load_with(jwks_line(), bomb), "clients[1].jwks: JWKS too deep or too large");
}

TEST_F(ClientRules, JwksFileWithDuplicateMemberNamesIsRefused) {
  dir_.file("certs/dev/clients/tpp-one.jwks.json", R"({"keys":[{"kty":"EC","kid":"a","kid":"b"}]})");
  EXPECT_CONFIG_ERROR(load(), "clients[1].jwksFile: duplicate JSON member name \"kid\"");
}

TEST_F(ClientRules, TlsClientAuthNeedsTheSubjectDn) {
  EXPECT_CONFIG_ERROR(load_with(R"(    tlsClientAuthSubjectDn: "CN=tpp-two,OU=dev,O=Example TPP Two,C=BR")" "\n", ""),
                      "clients[2].tlsClientAuthSubjectDn: is required for tls_client_auth");
  EXPECT_CONFIG_ERROR(load_with(kTppOneAuth, std::string(kTppOneAuth) + "    tlsClientAuthSubjectDn: CN=x\n"),
                      "clients[1].tlsClientAuthSubjectDn: is only for tls_client_auth");
}

TEST_F(ClientRules, ImplicitAndPasswordGrantsAreRefused) {
  const auto r = load_with(R"(grantTypes: "authorization_code,refresh_token")", R"(grantTypes: "authorization_code,implicit,password,urn:x")");
  EXPECT_CONFIG_ERROR(r, "clients[0].grantTypes[1]: implicit is refused (RFC 9700 §2.1.2)");
  EXPECT_CONFIG_ERROR(r, "clients[0].grantTypes[2]: password is refused (RFC 9700 §2.4)");
  EXPECT_CONFIG_ERROR(r, "clients[0].grantTypes[3]: unsupported grant type \"urn:x\" (authorization_code, refresh_token, client_credentials)");
  EXPECT_CONFIG_ERROR(load_with(R"(grantTypes: "authorization_code,refresh_token")", R"(grantTypes: " , ")"),
                      "clients[0].grantTypes: must not be empty");
}

TEST_F(ClientRules, ResponseTypesAreCodeOrCodeIdToken) {
  EXPECT_CONFIG_ERROR(load_with(R"(responseTypes: "code id_token")", R"(responseTypes: "code token")"),
                      "clients[1].responseTypes[0]: unsupported response type \"code token\" (code, code id_token)");
  EXPECT_CONFIG_ERROR(load_with(R"(responseTypes: "code"
    grantTypes: "authorization_code,refresh_token,client_credentials")",
                                R"(responseTypes: "code id_token"
    grantTypes: "authorization_code,refresh_token,client_credentials")"),
                      "clients[2].responseTypes[0]: a fapi2 client may only use response type code (SPEC A3)");
  const auto r = load_with(R"(responseTypes: "code id_token")", R"(responseTypes: "id_token  code, code")");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_THAT(r.config->clients[1].response_types, ElementsAre("code id_token", "code"));
}

TEST_F(ClientRules, AuthorizationCodeGrantNeedsRedirectUrisAndResponseTypes) {
  EXPECT_CONFIG_ERROR(load_with(R"(    redirectUris: "https://localhost:3002/callback")" "\n", ""),
                      "clients[2].redirectUris: is required with the authorization_code grant");
  EXPECT_CONFIG_ERROR(load_with(R"(grantTypes: "authorization_code,refresh_token")", R"(grantTypes: "client_credentials")"),
                      "clients[0].responseTypes: needs the authorization_code grant");
}

TEST_F(ClientRules, FapiRedirectUrisMustBeHttps) {
  EXPECT_CONFIG_ERROR(load_with("https://localhost:3001/callback", "http://127.0.0.1:3001/callback"),
                      "clients[1].redirectUris[0]: not an https URL");
  EXPECT_CONFIG_ERROR(load_with("https://localhost:3001/callback", "https://localhost:3001/callback#frag"),
                      "clients[1].redirectUris[0]: URL must not have a fragment");
}

TEST_F(ClientRules, NonFapiRedirectUrisMayUseHttpOnLoopback) {
  EXPECT_CONFIG_OK(load_with("https://localhost:3000/home", "http://127.0.0.1:3000/home"));
  EXPECT_CONFIG_OK(load_with("https://localhost:3000/home", "http://[::1]:3000/home"));
  EXPECT_CONFIG_ERROR(load_with("https://localhost:3000/home", "http://portal.example/home"),
                      "clients[0].redirectUris[0]: http is allowed only for loopback hosts");
  EXPECT_CONFIG_ERROR(load_with(R"("https://localhost:3000/")", R"("ftp://localhost/")"),
                      "clients[0].postLogoutRedirectUris[0]: not an https URL (http only for loopback hosts)");
}

TEST_F(ClientRules, ScopesMustBeRfc6749ScopeTokens) {
  EXPECT_CONFIG_ERROR(load_with("openid,profile,oob_consents:read", R"(openid,pro\"file,oob_consents:read)"),
                      "clients[0].allowedScopes[1]: not a valid scope token (RFC 6749 §3.3)");
}

TEST_F(ClientRules, DuplicateListValuesAreErrorsNotSilentlyMerged) {
  EXPECT_CONFIG_ERROR(load_with("openid,profile,", "openid,profile,openid,"), "clients[0].allowedScopes[2]: duplicate value \"openid\"");
}

TEST_F(ClientRules, ClientIdsAreUniqueAndPrintable) {
  EXPECT_CONFIG_ERROR(load_with(R"(clientId: "tpp-two")", R"(clientId: "tpp-one")"),
                      "clients[2].clientId: duplicate client id \"tpp-one\" (also clients[1])");
  EXPECT_CONFIG_ERROR(load_with(R"(clientId: "tpp-two")", R"(clientId: "tpp two")"), "clients[2].clientId: must be printable ASCII without spaces");
}

// The example's tpp-one (fapi1-advanced) and tpp-two (fapi2) lines for the token options.
constexpr const char* kTppOneSigning = "requestObjectSigning: required";
constexpr const char* kTppTwoBinding = "tokenBinding: mtls";
constexpr const char* kTppTwoSigning = "requestObjectSigning: optional";

TEST_F(ClientRules, TokenOptionsDefaultPerProfile) {
  std::string text = replace_once(example_, std::string("    ") + kTppOneSigning, "   ");
  text = replace_once(text, std::string("    ") + kTppTwoSigning, "   ");
  text = replace_once(text, std::string("    ") + kTppTwoBinding, "   ");
  text = replace_once(text, "    accessTokenFormat: jwt", "   ");
  const auto r = load(text);
  ASSERT_NE(r.config, nullptr) << joined(r);
  for (const auto& c : r.config->clients) {
    EXPECT_EQ(c.access_token_format, AccessTokenFormat::jwt) << c.client_id;
    EXPECT_EQ(c.token_binding, TokenBinding::mtls) << c.client_id;
  }
  EXPECT_FALSE(r.config->clients[0].require_signed_request_object);  // non-FAPI
  EXPECT_TRUE(r.config->clients[1].require_signed_request_object);   // fapi1-advanced (SPEC P10)
  EXPECT_FALSE(r.config->clients[2].require_signed_request_object);  // fapi2 without Message Signing
}

TEST_F(ClientRules, DpopBindingIsRefusedForFapi1Advanced) {
  EXPECT_CONFIG_ERROR(load_with(kTppOneSigning, std::string(kTppOneSigning) + "\n    tokenBinding: dpop"),
                      "clients[1].tokenBinding: dpop is only for fapi2 clients: FAPI 1 Advanced and Open Finance Brasil use mTLS-bound tokens (RFC 8705, SPEC S1)");
  EXPECT_CONFIG_OK(load_with(kTppOneSigning, std::string(kTppOneSigning) + "\n    tokenBinding: mtls"));
}

TEST_F(ClientRules, DpopBindingIsAcceptedForFapi2) {
  const auto r = load_with(kTppTwoBinding, "tokenBinding: dpop");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->clients[2].token_binding, TokenBinding::dpop);
}

TEST_F(ClientRules, Fapi1AdvancedRequiresSignedRequestObjects) {
  EXPECT_CONFIG_ERROR(load_with(kTppOneSigning, "requestObjectSigning: optional"),
                      "clients[1].requestObjectSigning: optional is not allowed for fapi1-advanced: FAPI 1 Advanced requires signed request objects (SPEC P10)");
}

TEST_F(ClientRules, Fapi2ClientOptsIntoMessageSigningWithRequired) {
  const auto r = load_with(kTppTwoSigning, "requestObjectSigning: required");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_TRUE(r.config->clients[2].require_signed_request_object);
}

TEST_F(ClientRules, TokenBindingAndRequestObjectSigningAreOnlyForFapiClients) {
  const auto r = load_with(R"(tokenEndpointAuthMethod: "client_secret_post")",
                           "tokenEndpointAuthMethod: client_secret_post\n    tokenBinding: mtls\n"
                           "    requestObjectSigning: optional");
  EXPECT_CONFIG_ERROR(r, "clients[0].tokenBinding: is only for FAPI clients (set profile)");
  EXPECT_CONFIG_ERROR(r, "clients[0].requestObjectSigning: is only for FAPI clients (set profile)");
}

TEST_F(ClientRules, OpaqueAccessTokensAreAcceptedForAnyClient) {
  const auto r = load_with(R"(tokenEndpointAuthMethod: "client_secret_post")",
                           "tokenEndpointAuthMethod: client_secret_post\n    accessTokenFormat: opaque");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_EQ(r.config->clients[0].access_token_format, AccessTokenFormat::opaque);
  const auto two = load_with("accessTokenFormat: jwt", "accessTokenFormat: opaque");
  ASSERT_NE(two.config, nullptr) << joined(two);
  EXPECT_EQ(two.config->clients[2].access_token_format, AccessTokenFormat::opaque);
}

TEST_F(ClientRules, UnknownTokenOptionValuesAreRefused) {
  std::string text = replace_once(example_, "accessTokenFormat: jwt", "accessTokenFormat: JWT");
  text = replace_once(text, kTppTwoBinding, "tokenBinding: bearer");
  text = replace_once(text, kTppTwoSigning, "requestObjectSigning: true");
  const auto r = load(text);
  EXPECT_CONFIG_ERROR(r, "clients[2].accessTokenFormat: expected jwt or opaque");
  EXPECT_CONFIG_ERROR(r, "clients[2].tokenBinding: expected mtls or dpop");
  EXPECT_CONFIG_ERROR(r, "clients[2].requestObjectSigning: expected required or optional");
  EXPECT_EQ(r.errors.size(), 3u) << joined(r);
}

TEST_F(ClientRules, Fapi1AdvancedMayUseCodeWithJarm) {
  // SPEC A3: bare `code` is allowed for fapi1-advanced when answered with response_mode=jwt (checked
  // per request), so the configuration accepts it.
  const auto r = load_with(R"(responseTypes: "code id_token")", R"(responseTypes: "code")");
  ASSERT_NE(r.config, nullptr) << joined(r);
  EXPECT_THAT(r.config->clients[1].response_types, ElementsAre("code"));
}

}  // namespace
}  // namespace fapid::config::test
