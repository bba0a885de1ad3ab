// validate_authorization_parameters: the authorization parameters of a pushed request checked against
// the client's registration and its profile (SPEC P3, P8, P9, A3, A4, A5, A6, A11, A14, A18, A19, I9, J1).
#include "fapi/par/pushed_request.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace fapid::fapi {
namespace {

constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";  // RFC 7636 Appendix B
constexpr const char* kRedirect = "https://tpp.example/cb";
const std::string kJkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

struct Clients {
  config::Client f1_config, f1_hybrid_only_config, f2_config, f2_mtls_config;
  oauth::RegisteredClient f1, f1_hybrid_only, f2, f2_mtls;

  Clients() {
    f1_config.client_id = "tpp-f1";
    f1_config.profile = config::Profile::fapi1_advanced;
    f1_config.auth_method = config::AuthMethod::private_key_jwt;
    f1_config.response_types = {"code id_token", "code"};
    f1_config.redirect_uris = {kRedirect, "https://tpp.example/cb2?app=1"};
    f1_config.allowed_scopes = {"openid", "accounts", "consents"};
    f1_config.token_binding = config::TokenBinding::mtls;
    f1_hybrid_only_config = f1_config;
    f1_hybrid_only_config.client_id = "tpp-f1-hybrid";
    f1_hybrid_only_config.response_types = {"code id_token"};
    f2_config = f1_config;
    f2_config.client_id = "tpp-f2";
    f2_config.profile = config::Profile::fapi2;
    f2_config.response_types = {"code", "code id_token"};  // registered, still refused by the F2 profile
    f2_config.token_binding = config::TokenBinding::dpop;
    f2_mtls_config = f2_config;
    f2_mtls_config.client_id = "tpp-f2-mtls";
    f2_mtls_config.token_binding = config::TokenBinding::mtls;
    f1.config = &f1_config;
    f1_hybrid_only.config = &f1_hybrid_only_config;
    f2.config = &f2_config;
    f2_mtls.config = &f2_mtls_config;
  }
};

const Clients& clients() {
  static const Clients c;
  return c;
}

ParameterMap f1_params() {
  return {{"response_type", "code id_token"}, {"redirect_uri", kRedirect}, {"scope", "openid accounts"},
          {"nonce", "n-0S6_WzA2Mj"},          {"state", "af0ifjsldkj"},    {"code_challenge", kChallenge},
          {"code_challenge_method", "S256"}};
}

ParameterMap f2_params() {
  return {{"response_type", "code"}, {"redirect_uri", kRedirect}, {"scope", "openid accounts"},
          {"code_challenge", kChallenge}, {"code_challenge_method", "S256"}};
}

ParameterMap with(ParameterMap p, const std::string& name, const std::string& value) {
  p.insert_or_assign(name, value);
  return p;
}

ParameterMap without(ParameterMap p, const std::string& name) {
  p.erase(name);
  return p;
}

::testing::AssertionResult refused(const Result<AuthorizationRequest>& r, ErrorCode code = ErrorCode::invalid_request) {
  if (r) return ::testing::AssertionFailure() << "accepted";
  if (r.error().code != code || r.error().status != 400)
    return ::testing::AssertionFailure() << to_string(r.error().code) << " " << r.error().status << ": "
                                         << r.error().description;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult accepted(const Result<AuthorizationRequest>& r) {
  if (!r) return ::testing::AssertionFailure() << to_string(r.error().code) << ": " << r.error().detail;
  return ::testing::AssertionSuccess();
}

Result<AuthorizationRequest> f1(const ParameterMap& p) { return validate_authorization_parameters(p, clients().f1); }
Result<AuthorizationRequest> f2(const ParameterMap& p) { return validate_authorization_parameters(p, clients().f2); }

TEST(PushedRequest, R5_TheValidatedRequestCarriesThePushedValues) {
  auto r = f1(with(with(f1_params(), "max_age", "300"), "acr_values", "urn:brasil:openbanking:loa2"));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r->client_id, "tpp-f1");
  EXPECT_EQ(r->response_type, "code id_token");
  EXPECT_EQ(r->response_mode, "");
  EXPECT_EQ(r->redirect_uri, kRedirect);
  EXPECT_EQ(r->scope, "openid accounts");
  EXPECT_EQ(r->nonce, "n-0S6_WzA2Mj");
  EXPECT_EQ(r->state, "af0ifjsldkj");
  EXPECT_EQ(r->code_challenge, kChallenge);
  EXPECT_EQ(r->acr_values, "urn:brasil:openbanking:loa2");
  EXPECT_EQ(r->max_age, 300);
  EXPECT_FALSE(r->wants_jarm());
}

// --- A3 / A19 / J1: response types and modes ----------------------------------------------------------------

TEST(PushedRequest, A3_Fapi1AcceptsCodeIdTokenInTheFragmentOrAsJarm) {
  for (const char* mode : {"", "fragment", "jwt", "fragment.jwt"})
    EXPECT_TRUE(accepted(f1(with(f1_params(), "response_mode", mode)))) << mode;
}

TEST(PushedRequest, A3_Fapi1RefusesCodeIdTokenInTheQuery) {
  for (const char* mode : {"query", "query.jwt", "form_post", "form_post.jwt", "JWT"})
    EXPECT_TRUE(refused(f1(with(f1_params(), "response_mode", mode)))) << mode;
}

TEST(PushedRequest, A3_Fapi1AcceptsCodeOnlyWithJarm) {
  const auto code = with(f1_params(), "response_type", "code");
  for (const char* mode : {"jwt", "query.jwt", "fragment.jwt"}) {
    auto r = f1(with(code, "response_mode", mode));
    ASSERT_TRUE(accepted(r)) << mode;
    EXPECT_TRUE(r->wants_jarm());
  }
  EXPECT_TRUE(refused(f1(code)));
  EXPECT_TRUE(refused(f1(with(code, "response_mode", "query"))));
  EXPECT_TRUE(refused(f1(with(code, "response_mode", "fragment"))));
}

TEST(PushedRequest, A3_Fapi2AcceptsOnlyCode) {
  for (const char* mode : {"", "query", "jwt", "query.jwt", "fragment.jwt"})
    EXPECT_TRUE(accepted(f2(with(f2_params(), "response_mode", mode)))) << mode;
  EXPECT_TRUE(refused(f2(with(f2_params(), "response_mode", "fragment"))));
  for (const char* rt : {"code id_token", "token", "id_token", "code token", "id_token code", "CODE"})
    EXPECT_TRUE(refused(f2(with(f2_params(), "response_type", rt)), ErrorCode::unsupported_response_type)) << rt;
  EXPECT_TRUE(refused(f2(without(f2_params(), "response_type"))));
}

TEST(PushedRequest, A19_AResponseTypeTheClientDidNotRegisterIsUnsupported) {
  auto p = with(with(f1_params(), "response_type", "code"), "response_mode", "jwt");
  EXPECT_TRUE(refused(validate_authorization_parameters(p, clients().f1_hybrid_only), ErrorCode::unsupported_response_type));
  EXPECT_TRUE(refused(f1(with(f1_params(), "response_type", "token")), ErrorCode::unsupported_response_type));
}

// --- P9 / A4 / A18: redirect_uri ---------------------------------------------------------------------------

TEST(PushedRequest, P9_ARedirectUriIsRequired) {
  EXPECT_TRUE(refused(f1(without(f1_params(), "redirect_uri"))));
  EXPECT_TRUE(refused(f2(with(f2_params(), "redirect_uri", ""))));
}

TEST(PushedRequest, A4_ARegisteredRedirectUriMatchesExactlyIncludingItsQuery) {
  EXPECT_TRUE(accepted(f1(with(f1_params(), "redirect_uri", "https://tpp.example/cb2?app=1"))));
}

TEST(PushedRequest, A18_ARedirectUriDifferingBySlashCasePortQueryOrUserinfoIsRefused) {
  for (const char* uri :
       {"https://tpp.example/cb/", "https://TPP.example/cb", "https://tpp.example/CB", "HTTPS://tpp.example/cb",
        "https://tpp.example:443/cb", "https://tpp.example:8443/cb", "https://tpp.example/cb?x=1",
        "https://tpp.example/cb?", "https://tpp.example/cb#", "https://user@tpp.example/cb",
        "https://tpp.example@evil.example/cb", "http://tpp.example/cb", "https://tpp.example/c%62",
        "https://tpp.example/cb2", "https://tpp.example/cb2?app=2", " https://tpp.example/cb", "https://tpp.example"})
    EXPECT_TRUE(refused(f1(with(f1_params(), "redirect_uri", uri)))) << uri;
}

// --- scope (R5) ---------------------------------------------------------------------------------------------

TEST(PushedRequest, R5_AScopeIsRequired) {
  EXPECT_TRUE(refused(f1(without(f1_params(), "scope"))));
}

TEST(PushedRequest, AScopeTheClientMayNotRequestIsInvalidScope) {
  for (const char* scope : {"openid payments", "openid  accounts", "openid accounts ", " openid", "OPENID", "openid\taccounts"})
    EXPECT_TRUE(refused(f2(with(f2_params(), "scope", scope)), ErrorCode::invalid_scope)) << scope;
  EXPECT_TRUE(accepted(f2(with(f2_params(), "scope", "accounts"))));
}

// --- A5 / A6: nonce and state --------------------------------------------------------------------------------

TEST(PushedRequest, A5_Fapi1RequiresANonceWhenOpenidIsRequested) {
  EXPECT_TRUE(refused(f1(without(f1_params(), "nonce"))));
  EXPECT_TRUE(refused(f1(with(f1_params(), "nonce", ""))));
  EXPECT_TRUE(accepted(f1(with(without(f1_params(), "nonce"), "scope", "accounts"))));
}

TEST(PushedRequest, A5_Fapi2DoesNotRequireANonce) {
  auto r = f2(f2_params());
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r->nonce, "");
}

TEST(PushedRequest, A5_ANonceOfAtLeast64CharactersIsSupportedAnd384AreRefused) {
  EXPECT_TRUE(accepted(f1(with(f1_params(), "nonce", std::string(64, 'n')))));
  EXPECT_TRUE(accepted(f1(with(f1_params(), "nonce", std::string(kMaxNonceBytes, 'n')))));
  EXPECT_TRUE(refused(f1(with(f1_params(), "nonce", std::string(kMaxNonceBytes + 1, 'n')))));
  EXPECT_TRUE(refused(f2(with(f2_params(), "nonce", std::string(384, 'n')))));
}

TEST(PushedRequest, A6_StateIsOptionalAndALongStateIsCleanlyRefused) {
  auto r = f2(f2_params());
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r->state, "");
  EXPECT_TRUE(accepted(f2(with(f2_params(), "state", std::string(kMaxStateBytes, 's')))));
  EXPECT_TRUE(refused(f2(with(f2_params(), "state", std::string(kMaxStateBytes + 1, 's')))));
}

// --- P8: PKCE ------------------------------------------------------------------------------------------------

TEST(PushedRequest, P8_MissingPkceIsRefused) {
  EXPECT_TRUE(refused(f1(without(f1_params(), "code_challenge"))));
  EXPECT_TRUE(refused(f2(without(without(f2_params(), "code_challenge"), "code_challenge_method"))));
}

TEST(PushedRequest, P8_PlainOrAnAbsentMethodIsRefused) {
  EXPECT_TRUE(refused(f1(with(f1_params(), "code_challenge_method", "plain"))));
  EXPECT_TRUE(refused(f1(without(f1_params(), "code_challenge_method"))));
  EXPECT_TRUE(refused(f1(with(f1_params(), "code_challenge_method", "s256"))));
}

TEST(PushedRequest, P8_AMalformedS256ChallengeIsRefused) {
  for (const std::string& challenge : {std::string(kChallenge).substr(0, 42), std::string(kChallenge) + "A",
                                      std::string("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM")})
    EXPECT_TRUE(refused(f2(with(f2_params(), "code_challenge", challenge)))) << challenge;
}

// --- I9: the claims parameter ---------------------------------------------------------------------------------

TEST(PushedRequest, I9_AClaimsParameterOfTheOidcShapeIsKept) {
  const std::string claims =
      R"({"id_token":{"cpf":{"essential":true,"value":"12345678901"},"acr":null},"userinfo":{"cnpj":null},"x":1})";
  auto r = f1(with(f1_params(), "claims", claims));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r->claims_json, claims);
}

TEST(PushedRequest, I9_AClaimsParameterOfAnotherShapeIsRefused) {
  for (const char* claims : {"not json", "[]", "\"id_token\"", R"({"id_token":[]})", R"({"userinfo":"cpf"})",
                             R"({"id_token":{"cpf":true}})", R"({"id_token":{"cpf":["12345678901"]}})", R"({"a":1)",
                             // OIDC Core §5.5.1 member types: refused at PAR, never a 500 when the login completes.
                             R"({"id_token":{"cpf":{"essential":"yes"}}})", R"({"userinfo":{"cnpj":{"essential":1}}})",
                             R"({"id_token":{"acr":{"values":"urn:brasil:openbanking:loa2"}}})"})
    EXPECT_TRUE(refused(f1(with(f1_params(), "claims", claims)))) << claims;
}

// --- A11, P3, A15, A14 -------------------------------------------------------------------------------------------

TEST(PushedRequest, A11_AnIdTokenHintIsRefused) {
  EXPECT_TRUE(refused(f1(with(f1_params(), "id_token_hint", "eyJ.eyJ.sig"))));
}

TEST(PushedRequest, P3_A15_ARequestUriOrRequestAmongTheParametersIsRefused) {
  EXPECT_TRUE(refused(f1(with(f1_params(), "request_uri", "urn:ietf:params:oauth:request_uri:abc"))));
  EXPECT_TRUE(refused(f2(with(f2_params(), "request", "eyJ.eyJ.sig"))));
}

TEST(PushedRequest, A14_AClientIdOtherThanTheAuthenticatedClientIsRefused) {
  EXPECT_TRUE(refused(f1(with(f1_params(), "client_id", "tpp-f2"))));
  EXPECT_TRUE(accepted(f1(with(f1_params(), "client_id", "tpp-f1"))));
}

TEST(PushedRequest, MaxAgeIsANonNegativeInteger) {
  EXPECT_EQ(f2(with(f2_params(), "max_age", "0"))->max_age, 0);
  EXPECT_EQ(f2(f2_params())->max_age, std::nullopt);
  for (const char* v : {"-1", "1e3", "+5", " 5", "3600s", "9999999999"})
    EXPECT_TRUE(refused(f2(with(f2_params(), "max_age", v)))) << v;
}

// --- P11 / TK9: dpop_jkt ------------------------------------------------------------------------------------------

TEST(PushedRequest, P11_ADpopJktIsAcceptedForADpopClient) {
  auto r = f2(with(f2_params(), "dpop_jkt", kJkt));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r->dpop_jkt, kJkt);
}

TEST(PushedRequest, P11_ADpopJktIsRefusedWhenMalformedOrForAnMtlsBoundClient) {
  EXPECT_TRUE(refused(f2(with(f2_params(), "dpop_jkt", kJkt.substr(1)))));
  EXPECT_TRUE(refused(f2(with(f2_params(), "dpop_jkt", kJkt + "A"))));
  EXPECT_TRUE(refused(validate_authorization_parameters(with(f2_params(), "dpop_jkt", kJkt), clients().f2_mtls)));
  EXPECT_TRUE(refused(f1(with(f1_params(), "dpop_jkt", kJkt))));
}

}  // namespace
}  // namespace fapid::fapi
