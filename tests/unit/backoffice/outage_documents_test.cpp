// The back-office view and the public discovery documents (nonfapi/backoffice/outage_documents.cpp):
// Open Finance Brasil discovery v1 `/outages` and `/status` (SPEC, Open Finance Brasil API shapes §1).
#include "nonfapi/backoffice/outage_documents.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fapid::nonfapi::backoffice {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;
using storage::OutageRecord;

TimePoint at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  using namespace std::chrono;
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

const TimePoint kNow = at(2026, 12, 2, 11, 0, 0) + 250ms;  // milliseconds never reach the wire
const std::string kOutages = "https://api.bank.example/open-banking/discovery/v1/outages";
const std::string kStatus = "https://api.bank.example/open-banking/discovery/v1/status";

OutageRecord outage(std::string id, TimePoint start, std::chrono::seconds duration, bool partial = false) {
  OutageRecord o;
  o.id = std::move(id);
  o.outage_time = start;
  o.duration = duration;
  o.is_partial = partial;
  o.explanation = "Manutenção " + o.id;
  o.unavailable_endpoints = {"https://api.bank.example/open-banking/accounts/v2/accounts"};
  o.created_at = at(2026, 11, 30, 9);
  o.updated_at = at(2026, 11, 30, 9, 15) + 999ms;
  o.updated_by = "staff-7";
  return o;
}

json status_of(const std::vector<OutageRecord>& records, TimePoint now = kNow) {
  return json::parse(public_status_document(records, now, kStatus));
}
std::vector<std::string> codes(const json& doc) {
  std::vector<std::string> out;
  for (const auto& s : doc["data"]["status"]) out.push_back(s["code"].get<std::string>());
  return out;
}
using Codes = std::vector<std::string>;

TEST(OutageJson, CarriesTheBodyMembersAndTheStoredOnes) {
  const auto doc = json::parse(outage_json(outage("o-1", at(2026, 12, 2, 10), 2h + 30min, true)));
  EXPECT_EQ(doc, json::parse(R"({
    "id": "o-1", "outageTime": "2026-12-02T10:00:00Z", "duration": "PT2H30M", "isPartial": true,
    "explanation": "Manutenção o-1",
    "unavailableEndpoints": ["https://api.bank.example/open-banking/accounts/v2/accounts"],
    "createdAt": "2026-11-30T09:00:00Z", "updatedAt": "2026-11-30T09:15:00Z", "updatedBy": "staff-7"})"));
}

TEST(OutageJson, NeverThrowsOnAStoredTextThatIsNotUtf8) {
  auto o = outage("o-1", at(2026, 12, 2, 10), 1h);
  o.explanation = "bad \xff byte";
  std::string text;
  EXPECT_NO_THROW(text = outage_json(o));
  EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos) << "replaced by U+FFFD";
  EXPECT_NO_THROW(public_status_document({outage("o-2", kNow - 1h, 2h)}, kNow, kStatus));
}

TEST(PublicOutages, ListsThePageInTheDiscoveryShape) {
  const std::vector<OutageRecord> page{outage("o-1", at(2026, 12, 5, 22), 2h + 30min),
                                       outage("o-2", at(2026, 12, 6, 1), 24h + 1s, true)};
  const auto doc = json::parse(public_outages_document(page, 2, 25, 60, kOutages, kNow));
  EXPECT_EQ(doc["data"], json::parse(R"([
    {"outageTime": "2026-12-05T22:00:00Z", "duration": "PT2H30M", "isPartial": false, "explanation": "Manutenção o-1",
     "unavailableEndpoints": ["https://api.bank.example/open-banking/accounts/v2/accounts"]},
    {"outageTime": "2026-12-06T01:00:00Z", "duration": "P1DT1S", "isPartial": true, "explanation": "Manutenção o-2",
     "unavailableEndpoints": ["https://api.bank.example/open-banking/accounts/v2/accounts"]}])"));
  EXPECT_EQ(doc["links"], (json{{"self", kOutages + "?page=2&page-size=25"},
                                {"first", kOutages + "?page=1&page-size=25"},
                                {"prev", kOutages + "?page=1&page-size=25"},
                                {"next", kOutages + "?page=3&page-size=25"},
                                {"last", kOutages + "?page=3&page-size=25"}}));
  EXPECT_EQ(doc["meta"], (json{{"totalRecords", 60}, {"totalPages", 3}, {"requestDateTime", "2026-12-02T11:00:00Z"}}));
}

TEST(PublicOutages, TheFirstPageHasNoPrevAndTheLastNoNext) {
  const auto first = json::parse(public_outages_document({}, 1, 10, 25, kOutages, kNow));
  EXPECT_FALSE(first["links"].contains("prev"));
  EXPECT_EQ(first["links"]["next"], kOutages + "?page=2&page-size=10");
  EXPECT_EQ(first["links"]["last"], kOutages + "?page=3&page-size=10");
  const auto last = json::parse(public_outages_document({}, 3, 10, 25, kOutages, kNow));
  EXPECT_EQ(last["links"]["prev"], kOutages + "?page=2&page-size=10");
  EXPECT_FALSE(last["links"].contains("next"));
  // Past the last page: prev leads back to the last one.
  const auto beyond = json::parse(public_outages_document({}, 9, 10, 25, kOutages, kNow));
  EXPECT_EQ(beyond["links"]["prev"], kOutages + "?page=3&page-size=10");
  EXPECT_FALSE(beyond["links"].contains("next"));
}

TEST(PublicOutages, AnEmptyListIsOneEmptyPage) {
  const auto doc = json::parse(public_outages_document({}, 1, 25, 0, kOutages, kNow));
  EXPECT_EQ(doc["data"], json::array());
  EXPECT_EQ(doc["meta"]["totalRecords"], 0);
  EXPECT_EQ(doc["meta"]["totalPages"], 1);
  EXPECT_EQ(doc["links"]["last"], kOutages + "?page=1&page-size=25");
  EXPECT_FALSE(doc["links"].contains("prev"));
  EXPECT_FALSE(doc["links"].contains("next"));
}

TEST(PublicStatus, IsOkWhenNothingApplies) {
  const auto doc = status_of({});
  EXPECT_EQ(doc["data"]["status"], json::parse(R"([{"code": "OK", "explanation": "Todos os serviços estão disponíveis."}])"));
  EXPECT_EQ(doc["links"], (json{{"self", kStatus}, {"first", kStatus}, {"last", kStatus}}));
  EXPECT_EQ(doc["meta"], (json{{"totalRecords", 1}, {"totalPages", 1}, {"requestDateTime", "2026-12-02T11:00:00Z"}}));
}

TEST(PublicStatus, ATotalOutageInProgressIsUnavailableWithItsTimes) {
  const auto doc = status_of({outage("o-1", at(2026, 12, 2, 10), 2h + 30min)});
  EXPECT_EQ(doc["data"]["status"], json::parse(R"([{
    "code": "UNAVAILABLE", "explanation": "Manutenção o-1",
    "detectionTime": "2026-12-02T10:00:00Z", "expectedResolutionTime": "2026-12-02T12:30:00Z",
    "updateTime": "2026-11-30T09:15:00Z",
    "unavailableEndpoints": ["https://api.bank.example/open-banking/accounts/v2/accounts"]}])"));
}

TEST(PublicStatus, APartialOutageInProgressIsPartialFailure) {
  const auto doc = status_of({outage("o-1", at(2026, 12, 2, 10), 2h, true)});
  EXPECT_EQ(codes(doc), Codes{"PARTIAL_FAILURE"});
  EXPECT_EQ(doc["data"]["status"][0]["detectionTime"], "2026-12-02T10:00:00Z");
  EXPECT_EQ(doc["data"]["status"][0]["unavailableEndpoints"].size(), 1u);
}

TEST(PublicStatus, ATotalOutageNamingNoEndpointsOmitsTheList) {
  auto o = outage("o-1", at(2026, 12, 2, 10), 2h);
  o.unavailable_endpoints.clear();
  const auto doc = status_of({o});
  EXPECT_EQ(codes(doc), Codes{"UNAVAILABLE"});
  EXPECT_FALSE(doc["data"]["status"][0].contains("unavailableEndpoints"));
}

TEST(PublicStatus, AnOutageWithinSevenDaysIsAnnouncedAfterOk) {
  const auto doc = status_of({outage("o-1", at(2026, 12, 8, 22), 2h)});
  EXPECT_EQ(codes(doc), (Codes{"OK", "SCHEDULED_OUTAGE"}));
  const auto& scheduled = doc["data"]["status"][1];
  EXPECT_FALSE(scheduled.contains("detectionTime")) << "not started, so not detected";
  EXPECT_EQ(scheduled["expectedResolutionTime"], "2026-12-09T00:00:00Z");
  EXPECT_EQ(scheduled["explanation"], "Manutenção o-1");
}

TEST(PublicStatus, ConsidersOnlyWhatHoldsNowOrStartsWithinTheHorizon) {
  // Half-open on every side: an outage starting now is in progress; one ending now is over; one
  // starting exactly seven days from now is not yet announced.
  EXPECT_EQ(codes(status_of({outage("starts-now", kNow, 1h)})), Codes{"UNAVAILABLE"});
  EXPECT_EQ(codes(status_of({outage("ends-now", kNow - 1h, 1h)})), Codes{"OK"});
  EXPECT_EQ(codes(status_of({outage("ended", kNow - 3h, 1h)})), Codes{"OK"});
  EXPECT_EQ(codes(status_of({outage("at-horizon", kNow + kScheduledHorizon, 1h)})), Codes{"OK"});
  EXPECT_EQ(codes(status_of({outage("inside", kNow + kScheduledHorizon - 1s, 1h)})), (Codes{"OK", "SCHEDULED_OUTAGE"}));
}

TEST(PublicStatus, ListsWhatIsInProgressFirstInTheV2PrecedenceOrder) {
  // Given in the reverse order: the document orders them, UNAVAILABLE < PARTIAL_FAILURE < SCHEDULED_OUTAGE,
  // so the first entry always answers "can I call the API now?" and no OK entry contradicts it.
  const auto doc = status_of({outage("soon", kNow + 2h, 1h), outage("partial", kNow - 2h, 4h, true),
                              outage("total-late", kNow - 10min, 1h), outage("total-b", kNow - 1h, 2h),
                              outage("total-a", kNow - 1h, 3h)});
  EXPECT_EQ(codes(doc), (Codes{"UNAVAILABLE", "UNAVAILABLE", "UNAVAILABLE", "PARTIAL_FAILURE", "SCHEDULED_OUTAGE"}));
  std::vector<std::string> explanations;
  for (const auto& s : doc["data"]["status"]) explanations.push_back(s["explanation"].get<std::string>());
  EXPECT_EQ(explanations, (std::vector<std::string>{"Manutenção total-a", "Manutenção total-b", "Manutenção total-late",
                                                     "Manutenção partial", "Manutenção soon"}))
      << "within one code: by start, then id";
  EXPECT_EQ(doc["meta"]["totalRecords"], 5);
}

TEST(PublicStatus, APartialFailureAloneStillLeadsBeforeAnAnnouncement) {
  EXPECT_EQ(codes(status_of({outage("soon", kNow + 1h, 1h), outage("partial", kNow - 1h, 2h, true)})),
            (Codes{"PARTIAL_FAILURE", "SCHEDULED_OUTAGE"}));
}

// YYYY-MM-DDThh:mm:ssZ, digits where digits belong. (No std::regex: GCC 12 warns inside it at -O2.)
bool whole_seconds_utc(const std::string& t) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (t.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != kShape[i]) return false;
  return true;
}

TEST(PublicStatus, EveryTimestampIsWholeSecondsUtc) {
  const auto doc = status_of({outage("a", kNow - 1h + 500ms, 2h), outage("b", kNow + 1h, 1h)});
  for (const auto& s : doc["data"]["status"]) {
    for (const char* member : {"detectionTime", "expectedResolutionTime", "updateTime"}) {
      if (s.contains(member)) {
        EXPECT_TRUE(whole_seconds_utc(s[member].get<std::string>())) << s[member];
      }
    }
  }
  EXPECT_TRUE(whole_seconds_utc(doc["meta"]["requestDateTime"].get<std::string>()));
  EXPECT_FALSE(whole_seconds_utc("2026-12-02T10:00:00.5Z"));
}

TEST(ErrorsDocument, CarriesCodeTitleAndDetail) {
  const auto doc = json::parse(errors_document({422, "DURACAO_INVALIDA", "Duração inválida", "duration deve ser positiva."}, kNow));
  EXPECT_EQ(doc, json::parse(R"({"errors": [{"code": "DURACAO_INVALIDA", "title": "Duração inválida",
    "detail": "duration deve ser positiva."}], "meta": {"requestDateTime": "2026-12-02T11:00:00Z"}})"));
}

}  // namespace
}  // namespace fapid::nonfapi::backoffice
