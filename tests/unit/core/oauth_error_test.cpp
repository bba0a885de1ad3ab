#include "core/oauth_error.hpp"

#include <gtest/gtest.h>

#include "core/result.hpp"

namespace fapid {
namespace {

TEST(OAuthError, WireStringsFollowTheRfcs) {
  EXPECT_EQ(to_string(ErrorCode::invalid_request_object), "invalid_request_object");
  EXPECT_EQ(to_string(ErrorCode::invalid_dpop_proof), "invalid_dpop_proof");
  EXPECT_EQ(to_string(ErrorCode::temporarily_unavailable), "temporarily_unavailable");
  EXPECT_EQ(to_string(ErrorCode::login_required), "login_required");
}

TEST(OAuthError, InvalidClientIs401AndSaysTheSameWhateverFailed) {
  auto a = invalid_client("assertion expired");
  auto b = invalid_client("unknown kid");
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(a.description, b.description);
  EXPECT_NE(a.detail, b.detail);
}

TEST(OAuthError, StoreOutageIs503NotAnOAuthGrantError) {
  OAuthError e{ErrorCode::temporarily_unavailable, "try again"};
  EXPECT_EQ(e.status, 503);
}

TEST(Result, ValueOnAnErrorThrowsALogicError) {
  Result<int> r = OAuthError{ErrorCode::invalid_grant, "x"};
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_grant);
  EXPECT_THROW((void)r.value(), std::logic_error);
}

}  // namespace
}  // namespace fapid
