// The public Open Finance Brasil discovery endpoints (nonfapi/backoffice/discovery_api.hpp; SPEC, Open
// Finance Brasil API shapes §1) publish what staff entered through the back office (issue 6, item 5).
#include "unit/backoffice/backoffice_test_support.hpp"

namespace fapid::nonfapi::backoffice::testing {
namespace {

using http::Method;

const std::string kStatus = "/open-banking/discovery/v1/status";
const std::string kOutages = "/open-banking/discovery/v1/outages";

class DiscoveryApi : public BackofficeTest {
 protected:
  void SetUp() override {
    BackofficeTest::SetUp();
    staff_ = token("oob_outages:read oob_outages:write");
  }
  std::string enter(std::string_view start, std::string_view duration, bool partial, std::string_view explanation) {
    json body{{"outageTime", start}, {"duration", duration}, {"isPartial", partial}, {"explanation", explanation}};
    if (partial) body["unavailableEndpoints"] = {"https://api.bank.example/open-banking/accounts/v2/accounts"};
    const auto r = send(Method::post, "/backoffice/v1/outages", staff_, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.doc()["data"]["id"].get<std::string>();
  }
  std::vector<std::string> codes() {
    const auto r = get(kStatus);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    const auto doc = r.doc();  // a range-for over a member of a temporary would dangle
    for (const auto& s : doc["data"]["status"]) out.push_back(s["code"].get<std::string>());
    return out;
  }
  std::string staff_;
};

using Codes = std::vector<std::string>;

TEST_F(DiscoveryApi, StatusIsOkWhenStaffEnteredNothing) {
  const auto r = get(kStatus);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc = r.doc();
  EXPECT_EQ(doc["data"]["status"].size(), 1u);
  EXPECT_EQ(doc["data"]["status"][0]["code"], "OK");
  EXPECT_EQ(doc["links"]["self"], "https://as.example/open-banking/discovery/v1/status");
  EXPECT_EQ(doc["meta"]["requestDateTime"], "2026-03-01T10:00:00Z");
  EXPECT_EQ(r.header("cache-control"), "public, max-age=60");
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
}

TEST_F(DiscoveryApi, StatusAndOutagesPublishWhatStaffEntered) {
  const auto id = enter("2026-03-01T09:30:00Z", "PT2H", true, "Contas instáveis");  // in progress at 10:00
  enter("2026-03-03T08:00:00Z", "PT1H", false, "Troca de servidores");              // announced, two days ahead
  EXPECT_EQ(codes(), (Codes{"PARTIAL_FAILURE", "SCHEDULED_OUTAGE"}));
  const auto status = get(kStatus).doc()["data"]["status"][0];
  EXPECT_EQ(status["explanation"], "Contas instáveis");
  EXPECT_EQ(status["detectionTime"], "2026-03-01T09:30:00Z");
  EXPECT_EQ(status["expectedResolutionTime"], "2026-03-01T11:30:00Z");
  EXPECT_EQ(status["unavailableEndpoints"], json({"https://api.bank.example/open-banking/accounts/v2/accounts"}));

  const auto outages = get(kOutages);
  ASSERT_EQ(outages.status, 200) << outages.body;
  EXPECT_EQ(outages.doc()["data"], json::parse(R"([
    {"outageTime": "2026-03-01T09:30:00Z", "duration": "PT2H", "isPartial": true, "explanation": "Contas instáveis",
     "unavailableEndpoints": ["https://api.bank.example/open-banking/accounts/v2/accounts"]},
    {"outageTime": "2026-03-03T08:00:00Z", "duration": "PT1H", "isPartial": false, "explanation": "Troca de servidores",
     "unavailableEndpoints": []}])"));
  EXPECT_EQ(outages.doc()["meta"]["totalRecords"], 2);
  EXPECT_EQ(outages.doc()["links"]["self"], "https://as.example/open-banking/discovery/v1/outages?page=1&page-size=25");

  // An update and a deletion show at once (the store is read on every call).
  ASSERT_EQ(send(Method::put, "/backoffice/v1/outages/" + id, staff_,
                 json{{"outageTime", "2026-03-01T09:30:00Z"}, {"duration", "PT2H"}, {"isPartial", false},
                      {"explanation", "Fora do ar"}})
                .status,
            200);
  EXPECT_EQ(codes(), (Codes{"UNAVAILABLE", "SCHEDULED_OUTAGE"}));
  ASSERT_EQ(call(Method::del, "/backoffice/v1/outages/" + id, staff_).status, 204);
  EXPECT_EQ(codes(), (Codes{"OK", "SCHEDULED_OUTAGE"}));
  EXPECT_EQ(get(kOutages).doc()["data"].size(), 1u);
  clock_.advance(24h * 3);  // every outage is over
  EXPECT_EQ(codes(), (Codes{"OK"}));
  EXPECT_EQ(get(kOutages).doc()["data"], json::array());
}

TEST_F(DiscoveryApi, BothTlsListenersServeThemUnauthenticatedWithTheirOwnLinks) {
  enter("2026-03-02T10:00:00Z", "PT1H", false, "Manutenção");
  for (const auto listener : {http::Listener::tls, http::Listener::mtls}) {
    for (const auto& path : {kStatus, kOutages}) {
      const auto r = call(Method::get, path, "", "", {}, listener);
      EXPECT_EQ(r.status, 200) << path;
      EXPECT_EQ(r.header("cache-control"), "public, max-age=60");
      EXPECT_FALSE(r.header("www-authenticate").has_value());
      const std::string base = listener == http::Listener::mtls ? std::string(kMtlsUrl) : std::string(kPublicUrl);
      EXPECT_EQ(r.doc()["links"]["first"].get<std::string>().rfind(base + path, 0), 0u) << r.body;
    }
  }
  EXPECT_EQ(call(Method::get, kStatus, "", "", {}, http::Listener::ops).status, 404);
  EXPECT_EQ(call(Method::head, kOutages).status, 200);
  const auto post = call(Method::post, kStatus);
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("allow"), "GET, HEAD");
}

TEST_F(DiscoveryApi, OutagesArePaged) {
  for (int day = 2; day <= 6; ++day) enter("2026-03-0" + std::to_string(day) + "T10:00:00Z", "PT1H", false, "Janela");
  const auto r = get(kOutages + "?page=2&page-size=2");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc = r.doc();
  ASSERT_EQ(doc["data"].size(), 2u);
  EXPECT_EQ(doc["data"][0]["outageTime"], "2026-03-04T10:00:00Z");
  EXPECT_EQ(doc["meta"]["totalRecords"], 5);
  EXPECT_EQ(doc["meta"]["totalPages"], 3);
  EXPECT_EQ(doc["links"]["next"], "https://as.example/open-banking/discovery/v1/outages?page=3&page-size=2");
  for (const std::string& q : std::vector<std::string>{"page=0", "page-size=1001", "page=x", "page=1&page=1"}) {
    const auto bad = get(kOutages + "?" + q);
    expect_refused(bad, 400, "PARAMETRO_INVALIDO");
  }
}

}  // namespace
}  // namespace fapid::nonfapi::backoffice::testing
