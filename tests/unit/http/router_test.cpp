#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace fapid::http {
namespace {

Response ok(const Request&) { return {}; }

Router make() {
  Router r;
  r.add({"/auth/jwks", {Method::get}, listeners({Listener::tls, Listener::mtls}), Execution::inline_, ok});
  r.add({"/auth/token", {Method::post}, listeners({Listener::mtls}), Execution::worker, ok});
  return r;
}

TEST(Router, UnknownPathIs404) {
  auto m = make().match(Method::get, "/nope", Listener::tls);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.status, 404);
  EXPECT_EQ(Router::label(m), "unmatched");
}

TEST(Router, WrongMethodIs405WithAllow) {
  auto r = make();
  auto m = r.match(Method::post, "/auth/jwks", Listener::tls);
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.allow, "GET, HEAD");
  auto t = r.match(Method::get, "/auth/token", Listener::mtls);
  EXPECT_EQ(t.status, 405);
  EXPECT_EQ(t.allow, "POST");
}

TEST(Router, HeadIsServedByGet) {
  auto r = make();
  auto m = r.match(Method::head, "/auth/jwks", Listener::mtls);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(Router::label(m), "/auth/jwks");
}

TEST(Router, ARouteIsUnknownOnListenersItIsNotServedOn) {
  auto r = make();
  EXPECT_EQ(r.match(Method::post, "/auth/token", Listener::tls).status, 404);
  EXPECT_EQ(r.match(Method::get, "/auth/jwks", Listener::ops).status, 404);
  EXPECT_NE(r.match(Method::post, "/auth/token", Listener::mtls).route, nullptr);
}

TEST(Router, DuplicatePathOnTheSameListenerIsAWiringBug) {
  auto r = make();
  EXPECT_THROW(r.add({"/auth/jwks", {Method::get}, listeners({Listener::tls}), Execution::inline_, ok}),
               std::logic_error);
  EXPECT_NO_THROW(r.add({"/auth/jwks", {Method::get}, listeners({Listener::ops}), Execution::inline_, ok}));
}

TEST(Router, APrefixRouteServesLongerPathsBelowItAndTheLongestPrefixWins) {
  Router r;
  r.add({"/consents/", {Method::get, Method::del}, listeners({Listener::mtls}), Execution::worker, ok, true});
  r.add({"/consents/v3/", {Method::get}, listeners({Listener::mtls}), Execution::worker, ok, true});
  r.add({"/consents", {Method::post}, listeners({Listener::mtls}), Execution::worker, ok});
  EXPECT_EQ(Router::label(r.match(Method::get, "/consents/urn:x:1", Listener::mtls)), "/consents/");
  EXPECT_EQ(Router::label(r.match(Method::get, "/consents/v3/urn:x:1", Listener::mtls)), "/consents/v3/");
  EXPECT_EQ(Router::label(r.match(Method::post, "/consents", Listener::mtls)), "/consents");
  EXPECT_EQ(r.match(Method::get, "/consents/", Listener::mtls).status, 404) << "the prefix alone names nothing";
  EXPECT_EQ(r.match(Method::get, "/consents/x", Listener::tls).status, 404);
  EXPECT_EQ(r.match(Method::post, "/consents/x", Listener::mtls).allow, "GET, HEAD, DELETE");
}

TEST(Router, APrefixMustEndInASlashSoItCannotSwallowSiblingPaths) {
  Router r;
  EXPECT_THROW(r.add({"/consents", {Method::get}, listeners({Listener::mtls}), Execution::worker, ok, true}),
               std::logic_error);
}

}  // namespace
}  // namespace fapid::http
