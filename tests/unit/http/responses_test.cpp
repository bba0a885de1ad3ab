#include "http/responses.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/response_headers.hpp"

namespace fapid::http {
namespace {

std::string header(const Response& r, std::string_view name) {
  for (const auto& h : r.headers)
    if (h.name == name) return h.value;
  return "<absent>";
}

TEST(Responses, ErrorBodyFollowsRfc6749Section5_2AndIsNotCached) {
  auto r = error({ErrorCode::invalid_grant, "code expired", "code abc123 expired at 12:00"});
  EXPECT_EQ(r.status, 400);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body, (nlohmann::json{{"error", "invalid_grant"}, {"error_description", "code expired"}}));
  EXPECT_EQ(r.body.find("abc123"), std::string::npos);  // the private detail never leaves
  EXPECT_EQ(header(r, "content-type"), "application/json");
  EXPECT_EQ(header(r, "cache-control"), "no-store");
  EXPECT_EQ(header(r, "pragma"), "no-cache");
}

TEST(Responses, ErrorDescriptionHasNoCrLfTabOrForbiddenCharacters_TK10) {
  auto r = error({ErrorCode::invalid_request, "bad\r\nSet-Cookie: x\t\"q\\\x01\xC3\xA9!"});
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["error_description"], "badSet-Cookie: xq!");
}

TEST(Responses, EmptyDescriptionIsOmitted) {
  auto r = error({ErrorCode::not_found, ""});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"not_found"})");
}

TEST(Responses, InvalidClientIs401) { EXPECT_EQ(error(invalid_client("bad secret")).status, 401); }

TEST(Responses, PublicShortCacheForMetadata) {
  auto r = json(200, "{}", Cache::public_short);
  EXPECT_EQ(header(r, "cache-control"), "public, max-age=300");
  EXPECT_EQ(header(r, "pragma"), "<absent>");
}

TEST(ResponseHeaders, AddsSecurityHeadersAndHstsOnTlsListenersOnly) {
  auto r = json(200, "{}", Cache::no_store);
  finalize(r, {"rid1", Listener::tls, false, false});
  EXPECT_EQ(header(r, "x-request-id"), "rid1");
  EXPECT_EQ(header(r, "x-content-type-options"), "nosniff");
  EXPECT_EQ(header(r, "strict-transport-security"), "max-age=31536000; includeSubDomains");
  EXPECT_EQ(header(r, "content-length"), "2");
  EXPECT_EQ(header(r, "connection"), "<absent>");
  auto ops = json(200, "{}", Cache::no_store);
  finalize(ops, {"rid2", Listener::ops, true, false});
  EXPECT_EQ(header(ops, "strict-transport-security"), "<absent>");
  EXPECT_EQ(header(ops, "connection"), "close");
}

TEST(ResponseHeaders, HeadKeepsTheGetContentLengthWithoutBody) {
  auto r = json(200, "{\"a\":1}", Cache::no_store);
  finalize(r, {"rid", Listener::tls, false, true});
  EXPECT_EQ(header(r, "content-length"), "7");
  EXPECT_TRUE(r.body.empty());
}

TEST(ResponseHeaders, DropsHeadersThatWouldSplitTheResponse) {
  auto r = json(200, "{}", Cache::no_store);
  r.set("location", "https://a.example/\r\nSet-Cookie: x=y");
  r.set("x-ok", "fine");
  EXPECT_EQ(finalize(r, {"rid", Listener::tls, false, false}), 1u);
  EXPECT_EQ(header(r, "location"), "<absent>");
  EXPECT_EQ(header(r, "x-ok"), "fine");
}

TEST(ResponseHeaders, AHandlerCannotOverrideTheRequestId) {
  auto r = json(200, "{}", Cache::no_store);
  r.set("x-request-id", "forged");
  finalize(r, {"real", Listener::tls, false, false});
  EXPECT_EQ(header(r, "x-request-id"), "real");
}

}  // namespace
}  // namespace fapid::http
