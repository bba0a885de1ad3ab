#include "federation/idp_client.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "unit/federation/idp_fixture.hpp"

namespace fapid::federation {
namespace {

using test::FakeIdp;
using test::json;

// The IdP's HTTPS side, answering from the FakeIdp; every request recorded.
class FakeHttps final : public http::HttpsClient {
 public:
  explicit FakeHttps(FakeIdp& idp) : idp_(idp) {}
  Result<http::OutboundResponse> send(const http::OutboundRequest& r) const override {
    requests.push_back(r);
    if (r.url == test::kDiscoveryUrl) return discovery();
    if (r.url == test::kJwksUri) {
      if (jwks_down) return OAuthError(ErrorCode::temporarily_unavailable, "down", "connect refused");
      return http::OutboundResponse{200, "application/json", idp_.jwks()};
    }
    if (r.url == test::kTokenEndpoint) return token_response(r);
    return http::OutboundResponse{404, "text/html", "not found"};
  }
  std::size_t count(const std::string& url) const {
    std::size_t n = 0;
    for (const auto& r : requests) n += r.url == url;
    return n;
  }

  std::function<Result<http::OutboundResponse>()> discovery = [] {
    return http::OutboundResponse{200, "application/json; charset=utf-8", FakeIdp::discovery().dump()};
  };
  std::function<Result<http::OutboundResponse>(const http::OutboundRequest&)> token_response;
  bool jwks_down = false;
  mutable std::vector<http::OutboundRequest> requests;

 private:
  FakeIdp& idp_;
};

class ManualClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return at; }
  std::chrono::system_clock::time_point at = test::kNow;
};

class IdpClientTest : public ::testing::Test {
 protected:
  IdpClientTest() {
    https_->token_response = [this](const http::OutboundRequest&) {
      return http::OutboundResponse{200, "application/json",
                                    json{{"access_token", idp_.sign(FakeIdp::access_claims(), kid_)},
                                         {"token_type", "Bearer"},
                                         {"id_token", idp_.sign(FakeIdp::id_claims(), kid_)},
                                         {"scope", "openid"}}
                                        .dump()};
    };
  }
  IdpClient client() {
    IdpSettings s;
    s.discovery_url = test::kDiscoveryUrl;
    s.client_id = test::kClientId;
    s.client_secret = config::Secret("the-federation-secret");
    return IdpClient(s, https_, clock_);
  }
  Result<StaffLogin> login(IdpClient& c) { return c.complete_login("code-1", "https://as/cb", "verifier-1", test::kNonce, "openid"); }

  FakeIdp idp_;
  std::string kid_ = "k1";  // the key the IdP signs with
  std::shared_ptr<FakeHttps> https_ = std::make_shared<FakeHttps>(idp_);
  ManualClock clock_;
};

TEST_F(IdpClientTest, ExchangesTheCodeWithClientSecretPostAndValidatesTheAnswer) {
  auto c = client();
  auto r = login(c);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->identity.subject, "f2cec0ee-1d63-45b3-bc7c-03266250a2d5");
  // The access token's scope claim speaks over the response's scope parameter.
  EXPECT_EQ(r->granted_scope, "openid oob_outages:write email oob_outages:read profile");
  const auto& post = https_->requests.back();
  EXPECT_EQ(post.method, http::OutboundRequest::Method::post);
  EXPECT_EQ(post.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(post.body,
            "grant_type=authorization_code&code=code-1&redirect_uri=https%3A%2F%2Fas%2Fcb&code_verifier=verifier-1"
            "&client_id=internal_users_federation&client_secret=the-federation-secret");
}

TEST_F(IdpClientTest, TheAuthorizationRequestCarriesStateNonceAndPkce) {
  auto c = client();
  auto url = c.authorization_url({"https://as/auth-nonfapi/interaction/callback", "openid oob_outages:read", "st", "nc", "ch"});
  ASSERT_TRUE(url);
  EXPECT_EQ(*url, std::string(test::kIssuer) +
                      "/auth?response_type=code&client_id=internal_users_federation&redirect_uri=https%3A%2F%2Fas%2Fauth-"
                      "nonfapi%2Finteraction%2Fcallback&scope=openid%20oob_outages%3Aread&state=st&nonce=nc&code_"
                      "challenge=ch&code_challenge_method=S256");
}

TEST_F(IdpClientTest, CachesDiscoveryAndKeysUntilTheyAreStale) {
  auto c = client();
  ASSERT_TRUE(login(c));
  ASSERT_TRUE(login(c));
  EXPECT_EQ(https_->count(test::kDiscoveryUrl), 1u);
  EXPECT_EQ(https_->count(test::kJwksUri), 1u);
  clock_.at += std::chrono::hours(2);
  https_->token_response = [this](const http::OutboundRequest&) {
    auto id = FakeIdp::id_claims(), at = FakeIdp::access_claims();
    for (auto* claims : {&id, &at}) {
      (*claims)["iat"] = test::unix_now() + 7200;
      (*claims)["exp"] = test::unix_now() + 7500;
    }
    return http::OutboundResponse{200, "application/json",
                                  json{{"access_token", idp_.sign(at)}, {"token_type", "bearer"}, {"id_token", idp_.sign(id)}}.dump()};
  };
  ASSERT_TRUE(login(c));
  EXPECT_EQ(https_->count(test::kDiscoveryUrl), 2u);
  EXPECT_EQ(https_->count(test::kJwksUri), 2u);
}

// ATTACKS.md F05.
TEST_F(IdpClientTest, AKeyRotationAtTheIdpIsFollowedWithOneRateLimitedRefetch) {
  auto c = client();
  ASSERT_TRUE(login(c));
  idp_.keys.clear();
  idp_.keys.emplace("k2", jose::test::make_rsa());
  kid_ = "k2";
  auto r = login(c);  // signed with k2, unknown to the cached (still fresh) set: refetched at once
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(https_->count(test::kJwksUri), 2u);
  // A token under a kid the IdP does not publish costs one refetch per interval, not one per login.
  https_->token_response = [](const http::OutboundRequest&) {
    FakeIdp stranger;
    stranger.keys.emplace("k9", jose::test::make_rsa());
    return http::OutboundResponse{200, "application/json",
                                  json{{"access_token", "opaque"}, {"token_type", "Bearer"},
                                       {"id_token", stranger.sign(FakeIdp::id_claims(), "k9")}}.dump()};
  };
  for (int i = 0; i < 5; ++i) {
    auto refused = login(c);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::access_denied);
  }
  EXPECT_EQ(https_->count(test::kJwksUri), 2u);
  clock_.at += std::chrono::seconds(11);
  EXPECT_FALSE(login(c));
  EXPECT_EQ(https_->count(test::kJwksUri), 3u);
}

TEST_F(IdpClientTest, WhileTheJwksIsDownTheCachedKeysServeUntilStale) {
  auto c = client();
  ASSERT_TRUE(login(c));
  https_->jwks_down = true;
  clock_.at += std::chrono::seconds(30);
  EXPECT_TRUE(login(c));
  EXPECT_EQ(https_->count(test::kJwksUri), 1u);
  clock_.at += std::chrono::hours(1);  // stale: the keys must be fetched, and cannot be
  auto r = login(c);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(https_->count(test::kJwksUri), 2u);
  EXPECT_EQ(https_->count(test::kTokenEndpoint), 2u);  // the code was not spent
}

TEST_F(IdpClientTest, ATokenEndpointRefusalIsAccessDeniedAndAnIdpFailureIsUnavailable) {
  auto c = client();
  https_->token_response = [](const http::OutboundRequest&) {
    return http::OutboundResponse{400, "application/json", R"({"error":"invalid_grant"})"};
  };
  auto denied = login(c);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::access_denied);
  EXPECT_NE(denied.error().detail.find("invalid_grant"), std::string::npos);
  https_->token_response = [](const http::OutboundRequest&) { return http::OutboundResponse{500, "text/html", "<h1>oops</h1>"}; };
  EXPECT_EQ(login(c).error().code, ErrorCode::temporarily_unavailable);
  https_->token_response = [](const http::OutboundRequest&) -> Result<http::OutboundResponse> {
    return OAuthError(ErrorCode::temporarily_unavailable, "the identity provider could not be reached", "read: timeout");
  };
  EXPECT_EQ(login(c).error().code, ErrorCode::temporarily_unavailable);
}

TEST_F(IdpClientTest, RefusesTokenResponsesWithoutIdTokenOrBearerAccessToken) {
  auto c = client();
  for (json body : {json{{"access_token", "x"}, {"token_type", "Bearer"}},
                    json{{"id_token", idp_.sign(FakeIdp::id_claims())}, {"token_type", "Bearer"}},
                    json{{"access_token", "x"}, {"token_type", "DPoP"}, {"id_token", idp_.sign(FakeIdp::id_claims())}}}) {
    https_->token_response = [body](const http::OutboundRequest&) {
      return http::OutboundResponse{200, "application/json", body.dump()};
    };
    auto r = login(c);
    ASSERT_FALSE(r) << body.dump();
    EXPECT_EQ(r.error().code, ErrorCode::access_denied);
  }
}

TEST_F(IdpClientTest, AnOpaqueAccessTokenLeavesTheScopeToTheResponseOrTheRequest) {
  auto c = client();
  https_->token_response = [this](const http::OutboundRequest&) {
    return http::OutboundResponse{200, "application/json",
                                  json{{"access_token", "opaque-1"}, {"token_type", "Bearer"},
                                       {"id_token", idp_.sign(FakeIdp::id_claims())}, {"scope", "openid oob_outages:read"}}.dump()};
  };
  EXPECT_EQ(login(c)->granted_scope, "openid oob_outages:read");
  https_->token_response = [this](const http::OutboundRequest&) {
    return http::OutboundResponse{200, "application/json",
                                  json{{"access_token", "opaque-1"}, {"token_type", "Bearer"}, {"id_token", idp_.sign(FakeIdp::id_claims())}}.dump()};
  };
  EXPECT_EQ(login(c)->granted_scope, "openid");  // RFC 6749 §5.1: as requested
}

TEST_F(IdpClientTest, ADiscoveryDocumentOfAnotherIssuerStopsEveryLogin) {
  https_->discovery = [] {
    auto doc = FakeIdp::discovery();
    doc["issuer"] = "https://evil.example";
    return http::OutboundResponse{200, "application/json", doc.dump()};
  };
  auto c = client();
  EXPECT_EQ(login(c).error().code, ErrorCode::temporarily_unavailable);
  EXPECT_EQ(https_->count(test::kTokenEndpoint), 0u);  // the code never went to an unverified IdP
}

TEST_F(IdpClientTest, TheEndSessionUrlCarriesTheHintAndOurReturnAddress) {
  auto c = client();
  auto url = c.end_session_url("the.id.token", "https://as/auth-nonfapi/interaction/callback", "st-1");
  ASSERT_TRUE(url);
  EXPECT_EQ(*url, std::string(test::kIssuer) +
                      "/logout?id_token_hint=the.id.token&post_logout_redirect_uri=https%3A%2F%2Fas%2Fauth-nonfapi%2Finteraction%"
                      "2Fcallback&client_id=internal_users_federation&state=st-1");
}

}  // namespace
}  // namespace fapid::federation
