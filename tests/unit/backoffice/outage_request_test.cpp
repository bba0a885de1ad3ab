// The back-office outage body and the discovery page query values (nonfapi/backoffice/outage_request.cpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "nonfapi/backoffice/outage_documents.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;

TimePoint at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  using namespace std::chrono;
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

const TimePoint kNow = at(2026, 12, 1);
const std::string kEndpoint = "https://api.bank.example/open-banking/accounts/v2/accounts";

json valid_body() {
  return {{"outageTime", "2026-12-02T10:00:00Z"},
          {"duration", "PT2H30M"},
          {"isPartial", false},
          {"explanation", "Manutenção programada do core bancário"},
          {"unavailableEndpoints", {kEndpoint}}};
}

Validated<OutageDraft> parse(const json& body, TimePoint now = kNow) { return parse_outage_request(body.dump(), now); }

// One helper asserts status and code together (STYLE.md, Tests).
void expect_error(const Validated<OutageDraft>& r, int status, const std::string& code) {
  ASSERT_TRUE(r.error.has_value()) << "expected " << code;
  EXPECT_FALSE(r.value.has_value());
  EXPECT_EQ(r.error->status, status) << r.error->detail;
  EXPECT_EQ(r.error->code, code) << r.error->detail;
  EXPECT_FALSE(r.error->title.empty());
  EXPECT_FALSE(r.error->detail.empty());
}
void expect_invalid(const json& body) { expect_error(parse(body), 400, "PARAMETRO_INVALIDO"); }
void expect_invalid_text(const std::string& text) {
  expect_error(parse_outage_request(text, kNow), 400, "PARAMETRO_INVALIDO");
}
json with(std::string_view member, json value) {
  auto body = valid_body();
  body[std::string(member)] = std::move(value);
  return body;
}
json without(std::string_view member) {
  auto body = valid_body();
  body.erase(std::string(member));
  return body;
}

TEST(OutageRequest, AcceptsTheDocumentedBody) {
  const auto r = parse(valid_body());
  ASSERT_TRUE(r.value.has_value()) << r.error->detail;
  EXPECT_FALSE(r.error.has_value());
  EXPECT_EQ(*r.value, (OutageDraft{at(2026, 12, 2, 10), 9000s, false, "Manutenção programada do core bancário", {kEndpoint}}));
}

TEST(OutageRequest, UnavailableEndpointsMayBeOmittedForATotalOutage) {
  const auto r = parse(without("unavailableEndpoints"));
  ASSERT_TRUE(r.value.has_value()) << r.error->detail;
  EXPECT_TRUE(r.value->unavailable_endpoints.empty());
}

TEST(OutageRequest, RejectsABodyThatIsNotAStrictJsonObject) {
  expect_invalid_text("");
  expect_invalid_text("{");
  expect_invalid_text("[]");
  expect_invalid_text("\"text\"");
  expect_invalid_text("null");
  // RFC 8259 §4 leaves duplicates undefined; the strict reader refuses them.
  expect_invalid_text(R"({"outageTime":"2026-12-02T10:00:00Z","duration":"PT1H","duration":"PT2H",)"
                      R"("isPartial":false,"explanation":"x"})");
  expect_invalid(with("unavailableEndpoints", json::parse(R"([[[["https://a.example/"]]]])")));
}

TEST(OutageRequest, RejectsABodyAboveItsSizeBound) {
  auto body = valid_body();
  body["explanation"] = std::string(kMaxOutageBodyBytes, 'a');
  expect_invalid(body);
}

TEST(OutageRequest, RejectsIllFormedUtf8AndLoneSurrogates) {
  const std::string raw = valid_body().dump();
  std::string bad = raw;
  bad.replace(bad.find("Manuten"), 1, "\xff");
  expect_invalid_text(bad);
  bad = raw;
  bad.replace(bad.find("Manuten"), 1, "\xc3\x28");  // a lead byte without its continuation
  expect_invalid_text(bad);
  bad = raw;
  bad.replace(bad.find("Manuten"), 1, "\\ud800");
  expect_invalid_text(bad);
  bad = raw;
  bad.replace(bad.find("Manuten"), 1, "\\udc00");
  expect_invalid_text(bad);
}

TEST(OutageRequest, RejectsAnUnknownMemberWithoutEchoingIt) {
  const auto r = parse(with("<script>", 1));
  expect_error(r, 400, "PARAMETRO_INVALIDO");
  EXPECT_EQ(r.error->detail.find("<script>"), std::string::npos);
  expect_invalid(with("outagetime", "2026-12-02T10:00:00Z"));  // member names are case-sensitive
}

TEST(OutageRequest, NamesEachMissingRequiredMember) {
  for (const std::string member : {"outageTime", "duration", "isPartial", "explanation"}) {
    const auto r = parse(without(member));
    expect_error(r, 400, "PARAMETRO_NAO_INFORMADO");
    EXPECT_NE(r.error->detail.find(member), std::string::npos) << r.error->detail;
  }
}

TEST(OutageRequest, RejectsMembersOfTheWrongType) {
  expect_invalid(with("outageTime", 1764669600));
  expect_invalid(with("outageTime", nullptr));
  expect_invalid(with("duration", 9000));
  expect_invalid(with("isPartial", "false"));
  expect_invalid(with("isPartial", 0));
  expect_invalid(with("explanation", nullptr));
  expect_invalid(with("explanation", json::array({"a"})));
  expect_invalid(with("unavailableEndpoints", kEndpoint));
  expect_invalid(with("unavailableEndpoints", json::array({kEndpoint, 7})));
  expect_invalid(with("unavailableEndpoints", nullptr));
}

TEST(OutageRequest, TakesOutageTimeOnlyInWholeSecondsUtc) {
  for (const char* text : {"2026-12-02T10:00:00.000Z", "2026-12-02T10:00:00+00:00", "2026-12-02T10:00:00",
                           "2026-12-02 10:00:00Z", "2026-12-02t10:00:00z", "2026-02-30T10:00:00Z",
                           "2026-12-02T24:00:00Z", "2026-12-02T10:00:60Z", "02/12/2026 10:00", ""}) {
    SCOPED_TRACE(text);
    expect_invalid(with("outageTime", text));
  }
}

TEST(OutageRequest, TakesDurationOnlyInTheIsoSubset) {
  for (const char* text : {"", "2H", "P", "PT", "P1DT", "PT1.5H", "PT1,5H", "P1W", "P1M", "P1Y", "PT1S1M", "PT1H1H",
                           "P1D1D", "-PT1H", "pt1h", "PT1HT1M", "P1H", "PT1D", "PT 1H", "PTH"}) {
    SCOPED_TRACE(text);
    expect_invalid(with("duration", text));
  }
}

TEST(OutageRequest, RequiresAPositiveDurationOfAtMostThirtyDays) {
  expect_error(parse(with("duration", "PT0S")), 422, "DURACAO_INVALIDA");
  expect_error(parse(with("duration", "P0DT0H")), 422, "DURACAO_INVALIDA");
  expect_error(parse(with("duration", "P30DT1S")), 422, "DURACAO_INVALIDA");
  // A number too large for any clock is still a duration, just far too long.
  expect_error(parse(with("duration", "PT99999999999999999999999S")), 422, "DURACAO_INVALIDA");
  const auto longest = parse(with("duration", "P30D"));
  ASSERT_TRUE(longest.value.has_value()) << longest.error->detail;
  EXPECT_EQ(longest.value->duration, kMaxOutageDuration);
  const auto carried = parse(with("duration", "PT90M"));
  ASSERT_TRUE(carried.value.has_value()) << carried.error->detail;
  EXPECT_EQ(carried.value->duration, 90min);
}

TEST(OutageRequest, RequiresANonBlankExplanationOfAtMost2000Bytes) {
  expect_error(parse(with("explanation", "")), 422, "EXPLICACAO_INVALIDA");
  expect_error(parse(with("explanation", " \t\r\n ")), 422, "EXPLICACAO_INVALIDA");
  // Bytes of UTF-8, not characters: "ã" is two.
  std::string limit;
  for (std::size_t i = 0; i < kMaxExplanationBytes / 2; ++i) limit += "ã";
  const auto ok = parse(with("explanation", limit));
  ASSERT_TRUE(ok.value.has_value()) << ok.error->detail;
  EXPECT_EQ(ok.value->explanation, limit);
  expect_error(parse(with("explanation", limit + "a")), 422, "EXPLICACAO_INVALIDA");
}

TEST(OutageRequest, RequiresAtMostFiftyDistinctHttpsEndpoints) {
  const auto endpoint = [](std::size_t i) { return "https://api.bank.example/open-banking/x/v1/r" + std::to_string(i); };
  json fifty = json::array();
  for (std::size_t i = 0; i < kMaxUnavailableEndpoints; ++i) fifty.push_back(endpoint(i));
  const auto ok = parse(with("unavailableEndpoints", fifty));
  ASSERT_TRUE(ok.value.has_value()) << ok.error->detail;
  EXPECT_EQ(ok.value->unavailable_endpoints.size(), kMaxUnavailableEndpoints);
  EXPECT_EQ(ok.value->unavailable_endpoints.front(), endpoint(0)) << "order kept";

  auto fifty_one = fifty;
  fifty_one.push_back(endpoint(50));
  expect_error(parse(with("unavailableEndpoints", fifty_one)), 422, "ENDPOINTS_INVALIDOS");
  for (const char* url : {"http://api.bank.example/open-banking/accounts/v2/accounts", "/open-banking/accounts/v2",
                          "https://user@api.bank.example/x", "https://api.bank.example/x#frag", "https:///x",
                          "api.bank.example/x", ""}) {
    SCOPED_TRACE(url);
    expect_error(parse(with("unavailableEndpoints", json::array({kEndpoint, url}))), 422, "ENDPOINTS_INVALIDOS");
  }
  expect_error(parse(with("unavailableEndpoints", json::array({kEndpoint, kEndpoint}))), 422, "ENDPOINTS_INVALIDOS");
}

TEST(OutageRequest, BoundsEachEndpointTo2048Bytes) {
  const std::string base = "https://api.bank.example/";
  const std::string longest = base + std::string(kMaxEndpointUrlBytes - base.size(), 'a');
  const auto ok = parse(with("unavailableEndpoints", json::array({longest})));
  ASSERT_TRUE(ok.value.has_value()) << ok.error->detail;
  expect_error(parse(with("unavailableEndpoints", json::array({longest + "a"}))), 422, "ENDPOINTS_INVALIDOS");
}

TEST(OutageRequest, APartialOutageMustNameItsEndpoints) {
  auto body = with("isPartial", true);
  body["unavailableEndpoints"] = json::array();
  expect_error(parse(body), 422, "ENDPOINTS_INVALIDOS");
  body.erase("unavailableEndpoints");
  expect_error(parse(body), 422, "ENDPOINTS_INVALIDOS");
  const auto named = parse(with("isPartial", true));
  ASSERT_TRUE(named.value.has_value()) << named.error->detail;
  EXPECT_TRUE(named.value->is_partial);
}

TEST(OutageRequest, RefusesAnOutageThatHasAlreadyEnded) {
  const auto start = at(2026, 12, 2, 10);  // + PT2H30M ends at 12:30
  expect_error(parse(valid_body(), start + 2h + 30min), 422, "DATA_INDISPONIBILIDADE_INVALIDA");
  expect_error(parse(valid_body(), at(2027, 1, 1)), 422, "DATA_INDISPONIBILIDADE_INVALIDA");
  // One still in progress is entered (an unplanned outage is reported once it is noticed).
  const auto ongoing = parse(valid_body(), start + 2h + 29min + 59s);
  ASSERT_TRUE(ongoing.value.has_value()) << ongoing.error->detail;
}

TEST(OutageRequest, FormErrorsComeBeforeRuleErrorsAndRulesInTheirOrder) {
  auto body = with("explanation", "");
  body["duration"] = 5;
  expect_error(parse(body), 400, "PARAMETRO_INVALIDO");
  body = without("isPartial");
  body["unknown"] = true;
  expect_error(parse(body), 400, "PARAMETRO_INVALIDO");
  body = with("duration", "PT0S");
  body["explanation"] = "";
  expect_error(parse(body), 422, "DURACAO_INVALIDA");
  body = with("explanation", "");
  body["unavailableEndpoints"] = json::array({"http://x.example/"});
  expect_error(parse(body), 422, "EXPLICACAO_INVALIDA");
  body = with("unavailableEndpoints", json::array({"http://x.example/"}));
  expect_error(parse(body, at(2030, 1, 1)), 422, "ENDPOINTS_INVALIDOS");
}

TEST(PageRequest, DefaultsToTheFirstPageOf25) {
  const auto r = parse_page_request(std::nullopt, std::nullopt);
  ASSERT_TRUE(r.value.has_value());
  EXPECT_EQ(r.value->page, 1u);
  EXPECT_EQ(r.value->page_size, kDefaultPageSize);
  EXPECT_EQ(r.value->offset(), 0u);
}

TEST(PageRequest, ReadsBothValuesWithinTheirBounds) {
  const auto r = parse_page_request("3", "1000");
  ASSERT_TRUE(r.value.has_value());
  EXPECT_EQ(r.value->page, 3u);
  EXPECT_EQ(r.value->page_size, 1000u);
  EXPECT_EQ(r.value->offset(), 2000u);
  const auto big = parse_page_request("999999999", "1");
  ASSERT_TRUE(big.value.has_value());
  EXPECT_EQ(big.value->offset(), 999999998u);
  const auto padded = parse_page_request("007", "01");
  ASSERT_TRUE(padded.value.has_value());
  EXPECT_EQ(padded.value->page, 7u);
}

TEST(PageRequest, RejectsAnythingButABoundedPositiveInteger) {
  for (const char* bad : {"", "0", "-1", "+1", "1.0", " 1", "1 ", "abc", "1e3", "1000000000", "0x10"}) {
    SCOPED_TRACE(bad);
    const auto page = parse_page_request(bad, std::nullopt);
    ASSERT_TRUE(page.error.has_value());
    EXPECT_EQ(page.error->status, 400);
    EXPECT_EQ(page.error->code, "PARAMETRO_INVALIDO");
    const auto size = parse_page_request(std::nullopt, bad);
    ASSERT_TRUE(size.error.has_value());
    EXPECT_EQ(size.error->status, 400);
  }
  const auto too_big = parse_page_request("1", "1001");
  ASSERT_TRUE(too_big.error.has_value());
  EXPECT_NE(too_big.error->detail.find("page-size"), std::string::npos);
}

TEST(OutageQueries, OutagesListWhatIsNotOverYetOnePageAtATime) {
  const auto q = public_outages_query(PageRequest{3, 10}, kNow);
  EXPECT_EQ(q.from, std::optional<TimePoint>(kNow));
  EXPECT_EQ(q.to, std::nullopt);
  EXPECT_EQ(q.limit, 10u);
  EXPECT_EQ(q.offset, 20u);
}

TEST(OutageQueries, StatusLooksFromNowToTheScheduledHorizon) {
  const auto q = status_query(kNow);
  EXPECT_EQ(q.from, std::optional<TimePoint>(kNow));
  EXPECT_EQ(q.to, std::optional<TimePoint>(kNow + kScheduledHorizon));
  EXPECT_EQ(q.limit, storage::kMaxOutageListLimit);
  EXPECT_EQ(q.offset, 0u);
}

}  // namespace
}  // namespace fapid::nonfapi::backoffice
