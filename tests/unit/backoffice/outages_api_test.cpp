// The back office's outages API (nonfapi/backoffice/outages_api.hpp; issue 6, item 5): staff with
// oob_outages:write create, update and delete outages, staff with oob_outages:read list and read them.
#include "unit/backoffice/backoffice_test_support.hpp"

namespace fapid::nonfapi::backoffice::testing {
namespace {

using http::Method;

const std::string kList = "/backoffice/v1/outages";

json outage_body(std::string_view start = "2026-03-02T10:00:00Z", std::string_view duration = "PT2H",
                 bool partial = false, std::string_view explanation = "Manutenção programada") {
  json body{{"outageTime", start}, {"duration", duration}, {"isPartial", partial}, {"explanation", explanation}};
  if (partial) body["unavailableEndpoints"] = {"https://api.bank.example/open-banking/accounts/v2/accounts"};
  return body;
}

class OutagesApi : public BackofficeTest {
 protected:
  void SetUp() override {
    BackofficeTest::SetUp();
    writer_ = token("oob_outages:read oob_outages:write");
    reader_ = token("oob_outages:read", "portal", "staff-ro");
  }
  // Creates an outage and returns its id.
  std::string create(const json& body) {
    const auto r = send(Method::post, kList, writer_, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.doc()["data"]["id"].get<std::string>();
  }
  std::string writer_, reader_;
};

TEST_F(OutagesApi, RefusesACallWithoutABearerToken) {
  expect_refused(get(kList), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(send(Method::post, kList, "", outage_body()), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(call(Method::del, kList + "/some-id"), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(get(kList, "", {{"authorization", "Basic cG9ydGFsOnNlY3JldA=="}}), 401, "UNAUTHORIZED", "invalid_token");
  EXPECT_EQ(metrics_.oauth_errors("/backoffice/v1/outages", "invalid_token"), 3u);
}

TEST_F(OutagesApi, RefusesAnUnknownAnExpiredAndARevokedToken) {
  expect_refused(get(kList, "not-a-token-we-issued"), 401, "UNAUTHORIZED", "invalid_token");
  const auto revoked = token("oob_outages:read");
  ASSERT_TRUE(stores_.grants->revoke_access_token(storage::hash_token(revoked), clock_.now()).value());
  expect_refused(get(kList, revoked), 401, "UNAUTHORIZED", "invalid_token");
  EXPECT_EQ(get(kList, reader_).status, 200);
  clock_.advance(kTokenLifetime);
  expect_refused(get(kList, reader_), 401, "UNAUTHORIZED", "invalid_token");
}

TEST_F(OutagesApi, RefusesATokenOfAFapiClientWhateverItsScope) {
  const auto tpp = token(kAllScopes, "tpp-one", "customer-1");
  expect_refused(get(kList, tpp), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(send(Method::post, kList, tpp, outage_body()), 401, "UNAUTHORIZED", "invalid_token");
  EXPECT_TRUE(stores_.outages->list({}).value().empty());
}

TEST_F(OutagesApi, AReadOnlyStaffMemberReadsButCannotWrite) {
  const auto id = create(outage_body());
  EXPECT_EQ(get(kList, reader_).status, 200);
  EXPECT_EQ(get(kList + "/" + id, reader_).status, 200);
  expect_refused(send(Method::post, kList, reader_, outage_body()), 403, "FORBIDDEN", "insufficient_scope");
  expect_refused(send(Method::put, kList + "/" + id, reader_, outage_body()), 403, "FORBIDDEN", "insufficient_scope");
  expect_refused(call(Method::del, kList + "/" + id, reader_), 403, "FORBIDDEN", "insufficient_scope");
  EXPECT_EQ(stores_.outages->list({}).value().size(), 1u) << "nothing was written";
}

TEST_F(OutagesApi, ReadingNeedsTheReadScopeAndOtherBackOfficeScopesDoNotOpenIt) {
  expect_refused(get(kList, token("oob_outages:write")), 403, "FORBIDDEN", "insufficient_scope");
  expect_refused(get(kList, token("oob_consents:read oob_consents:write")), 403, "FORBIDDEN", "insufficient_scope");
  expect_refused(get(kList, token("openid profile")), 403, "FORBIDDEN", "insufficient_scope");
}

TEST_F(OutagesApi, CreateReadListUpdateAndDeleteRoundTrip) {
  const auto created = send(Method::post, kList, writer_, outage_body("2026-03-02T10:00:00Z", "PT2H30M", true));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto data = created.doc()["data"];
  const auto id = data["id"].get<std::string>();
  EXPECT_EQ(id.size(), 22u) << "128 random bits, base64url";
  EXPECT_EQ(created.header("location"), "https://as.example/backoffice/v1/outages/" + id);
  EXPECT_EQ(created.doc()["links"]["self"], "https://as.example/backoffice/v1/outages/" + id);
  EXPECT_EQ(data["outageTime"], "2026-03-02T10:00:00Z");
  EXPECT_EQ(data["duration"], "PT2H30M");
  EXPECT_EQ(data["isPartial"], true);
  EXPECT_EQ(data["explanation"], "Manutenção programada");
  EXPECT_EQ(data["unavailableEndpoints"], json({"https://api.bank.example/open-banking/accounts/v2/accounts"}));
  EXPECT_EQ(data["createdAt"], "2026-03-01T10:00:00Z");
  EXPECT_EQ(data["updatedAt"], "2026-03-01T10:00:00Z");
  EXPECT_EQ(data["updatedBy"], "staff-1");
  EXPECT_EQ(created.doc()["meta"]["requestDateTime"], "2026-03-01T10:00:00Z");

  const auto read = get(kList + "/" + id, reader_);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.doc()["data"], data);
  const auto listed = get(kList, reader_);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.doc()["data"], json::array({data}));

  clock_.advance(10min);
  const auto editor = token("oob_outages:write", "portal", "staff-2");
  const auto updated = send(Method::put, kList + "/" + id, editor,
                            outage_body("2026-03-02T11:00:00Z", "PT1H", false, "Janela adiada"));
  ASSERT_EQ(updated.status, 200) << updated.body;
  const auto now = updated.doc()["data"];
  EXPECT_EQ(now["id"], id);
  EXPECT_EQ(now["outageTime"], "2026-03-02T11:00:00Z");
  EXPECT_EQ(now["duration"], "PT1H");
  EXPECT_EQ(now["isPartial"], false);
  EXPECT_EQ(now["explanation"], "Janela adiada");
  EXPECT_EQ(now["unavailableEndpoints"], json::array()) << "PUT replaces every field";
  EXPECT_EQ(now["createdAt"], "2026-03-01T10:00:00Z");
  EXPECT_EQ(now["updatedAt"], "2026-03-01T10:10:00Z");
  EXPECT_EQ(now["updatedBy"], "staff-2");
  EXPECT_EQ(get(kList + "/" + id, reader_).doc()["data"], now);

  const auto deleted = call(Method::del, kList + "/" + id, writer_);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  expect_refused(get(kList + "/" + id, reader_), 404, "NAO_ENCONTRADO");
  expect_refused(call(Method::del, kList + "/" + id, writer_), 404, "NAO_ENCONTRADO");
  expect_refused(send(Method::put, kList + "/" + id, writer_, outage_body()), 404, "NAO_ENCONTRADO");
  EXPECT_EQ(get(kList, reader_).doc()["data"], json::array());
}

TEST_F(OutagesApi, EveryWriteIsAuditedWithTheStaffMember) {
  const auto id = create(outage_body());
  ASSERT_EQ(send(Method::put, kList + "/" + id, writer_, outage_body("2026-03-03T10:00:00Z")).status, 200);
  ASSERT_EQ(call(Method::del, kList + "/" + id, writer_).status, 204);
  EXPECT_EQ(get(kList, reader_).status, 200);  // reads are logged, not audited
  const auto events = audit_events();
  ASSERT_EQ(events.size(), 3u);
  const std::vector<std::string> kinds{events[2].kind, events[1].kind, events[0].kind};  // newest first
  EXPECT_EQ(kinds, (std::vector<std::string>{"outage.created", "outage.updated", "outage.deleted"}));
  for (const auto& e : events) {
    EXPECT_EQ(e.subject, "staff-1");
    EXPECT_EQ(e.client_id, "portal");
    EXPECT_EQ(e.at, clock_.now());
    EXPECT_EQ(json::parse(e.detail_json), json({{"outage_id", id}}));
    EXPECT_EQ(e.detail_json.find(writer_), std::string::npos);
  }
}

TEST_F(OutagesApi, ABodyMustBeJson) {
  const auto body = outage_body().dump();
  expect_refused(call(Method::post, kList, writer_, body, {{"content-type", "text/plain"}}), 415, "UNSUPPORTED_MEDIA_TYPE");
  expect_refused(call(Method::post, kList, writer_, body), 415, "UNSUPPORTED_MEDIA_TYPE");
  expect_refused(call(Method::post, kList, writer_, body, {{"content-type", "application/jsonp"}}), 415,
                 "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_EQ(call(Method::post, kList, writer_, body, {{"content-type", "Application/JSON; charset=utf-8"}}).status, 201);
  const auto id = create(outage_body());
  expect_refused(call(Method::put, kList + "/" + id, writer_, body, {{"content-type", "application/x-www-form-urlencoded"}}),
                 415, "UNSUPPORTED_MEDIA_TYPE");
}

TEST_F(OutagesApi, AnInvalidBodyIsRefusedWithTheValidatorsCodeAndWritesNothing) {
  const auto post = [&](const std::string& body) {
    return call(Method::post, kList, writer_, body, {{"content-type", "application/json"}});
  };
  expect_refused(post("not json"), 400, "PARAMETRO_INVALIDO");
  expect_refused(post(R"({"outageTime":"2026-03-02T10:00:00Z","duration":"PT1H","isPartial":false})"), 400,
                 "PARAMETRO_NAO_INFORMADO");
  expect_refused(post(outage_body("2026-03-02T10:00:00Z", "PT0S").dump()), 422, "DURACAO_INVALIDA");
  expect_refused(post(outage_body("2026-03-02T10:00:00Z", "PT1H", false, "  ").dump()), 422, "EXPLICACAO_INVALIDA");
  expect_refused(post(outage_body("2026-02-01T10:00:00Z", "PT1H").dump()), 422, "DATA_INDISPONIBILIDADE_INVALIDA");
  EXPECT_TRUE(stores_.outages->list({}).value().empty());

  const auto id = create(outage_body());
  const auto before = get(kList + "/" + id, reader_).doc()["data"];
  expect_refused(call(Method::put, kList + "/" + id, writer_, "{", {{"content-type", "application/json"}}), 400,
                 "PARAMETRO_INVALIDO");
  expect_refused(send(Method::put, kList + "/" + id, writer_, outage_body("2026-03-02T10:00:00Z", "P31D")), 422,
                 "DURACAO_INVALIDA");
  EXPECT_EQ(get(kList + "/" + id, reader_).doc()["data"], before);
  EXPECT_EQ(metrics_.oauth_errors("/backoffice/v1/outages/{id}", "DURACAO_INVALIDA"), 1u);
}

TEST_F(OutagesApi, AnUnknownOrMalformedIdIsNotFound) {
  for (const std::string& id : std::vector<std::string>{"no-such-outage", "%zz", "%2F", "a%00b", "a/b", std::string(300, 'a')}) {
    expect_refused(get(kList + "/" + id, reader_), 404, "NAO_ENCONTRADO");
    expect_refused(send(Method::put, kList + "/" + id, writer_, outage_body()), 404, "NAO_ENCONTRADO");
    expect_refused(call(Method::del, kList + "/" + id, writer_), 404, "NAO_ENCONTRADO");
  }
  EXPECT_TRUE(stores_.outages->list({}).value().empty()) << "a PUT to an unknown id creates nothing";
}

TEST_F(OutagesApi, AnIdMayComePercentEncoded) {
  const auto id = create(outage_body());
  std::string encoded;
  for (const char c : id) encoded += "%" + std::string(1, "0123456789ABCDEF"[(c >> 4) & 0xF]) + "0123456789ABCDEF"[c & 0xF];
  EXPECT_EQ(get(kList + "/" + encoded, reader_).doc()["data"]["id"], id);
}

TEST_F(OutagesApi, TheListShowsEveryOutagePastOnesTooLatestFirstInPages) {
  // One already over, entered before (the API refuses to enter an outage that has ended).
  storage::OutageRecord past{"past-outage", at("2026-02-01T10:00:00Z"), 1h, false, "Ontem", {},
                             at("2026-01-30T10:00:00Z"), at("2026-01-30T10:00:00Z"), "staff-0"};
  ASSERT_TRUE(stores_.outages->create(past).has_value());
  std::vector<std::string> ids;
  for (const auto* start : {"2026-03-05T10:00:00Z", "2026-03-02T10:00:00Z", "2026-03-04T10:00:00Z", "2026-03-03T10:00:00Z"})
    ids.push_back(create(outage_body(start)));
  const std::vector<std::string> latest_first{ids[0], ids[2], ids[3], ids[1], "past-outage"};

  std::vector<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    const auto r = get(kList + "?page=" + std::to_string(page) + "&page-size=2", reader_);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto doc = r.doc();
    EXPECT_EQ(doc["meta"]["totalRecords"], 5);
    EXPECT_EQ(doc["meta"]["totalPages"], 3);
    EXPECT_EQ(doc["links"]["self"], "https://as.example/backoffice/v1/outages?page=" + std::to_string(page) + "&page-size=2");
    EXPECT_EQ(doc["links"]["first"], "https://as.example/backoffice/v1/outages?page=1&page-size=2");
    EXPECT_EQ(doc["links"]["last"], "https://as.example/backoffice/v1/outages?page=3&page-size=2");
    EXPECT_EQ(doc["links"].contains("prev"), page > 1);
    EXPECT_EQ(doc["links"].contains("next"), page < 3);
    for (const auto& o : doc["data"]) seen.push_back(o["id"].get<std::string>());
  }
  EXPECT_EQ(seen, latest_first);
  const auto beyond = get(kList + "?page=4&page-size=2", reader_);
  ASSERT_EQ(beyond.status, 200);
  EXPECT_EQ(beyond.doc()["data"], json::array());
  EXPECT_EQ(get(kList, reader_).doc()["data"].size(), 5u) << "default page-size 25";
}

TEST_F(OutagesApi, ABadPageIsRefused) {
  for (const std::string& q : std::vector<std::string>{"page=0", "page=abc", "page-size=0", "page-size=1001", "page=1&page=2", "page=%ZZ"})
    expect_refused(get(kList + "?" + q, reader_), 400, "PARAMETRO_INVALIDO");
}

TEST_F(OutagesApi, ThePortalsOriginAloneGetsCors) {
  const auto from_portal = get(kList, reader_, {{"origin", std::string(kPortal)}});
  EXPECT_EQ(from_portal.status, 200);
  EXPECT_EQ(from_portal.header("access-control-allow-origin"), std::string(kPortal));
  EXPECT_EQ(from_portal.header("vary"), "Origin");
  const auto elsewhere = get(kList, reader_, {{"origin", "https://evil.example"}});
  EXPECT_EQ(elsewhere.status, 200);
  EXPECT_FALSE(elsewhere.header("access-control-allow-origin").has_value());
  EXPECT_FALSE(get(kList, reader_).header("access-control-allow-origin").has_value());
  // The portal reads its refusals too.
  const auto refused = get(kList, "", {{"origin", std::string(kPortal)}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.header("access-control-allow-origin"), std::string(kPortal));
  const auto created = send(Method::post, kList, writer_, outage_body(),
                            {{"content-type", "application/json"}, {"origin", std::string(kPortal)}});
  EXPECT_EQ(created.header("access-control-allow-origin"), std::string(kPortal));
}

TEST_F(OutagesApi, APreflightNamesTheMethodsOfEachPathForThePortalOnly) {
  const auto list = call(Method::options, kList, "", "", {{"origin", std::string(kPortal)}});
  EXPECT_EQ(list.status, 204);
  EXPECT_EQ(list.header("access-control-allow-origin"), std::string(kPortal));
  EXPECT_EQ(list.header("access-control-allow-methods"), "GET, POST");
  EXPECT_EQ(list.header("access-control-allow-headers"), "authorization, content-type, x-fapi-interaction-id");
  const auto item = call(Method::options, kList + "/any", "", "", {{"origin", std::string(kPortal)}});
  EXPECT_EQ(item.status, 204);
  EXPECT_EQ(item.header("access-control-allow-methods"), "GET, PUT, DELETE");
  const auto other = call(Method::options, kList, "", "", {{"origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 204);
  EXPECT_FALSE(other.header("access-control-allow-origin").has_value());
  EXPECT_FALSE(other.header("access-control-allow-methods").has_value());
}

TEST_F(OutagesApi, TheRouterAnswersOtherMethodsAndListeners) {
  const auto patch = call(Method::patch, kList, writer_);
  EXPECT_EQ(patch.status, 405);
  EXPECT_EQ(patch.header("allow"), "GET, HEAD, POST, OPTIONS");
  EXPECT_EQ(call(Method::post, kList + "/x", writer_).status, 405);
  EXPECT_EQ(call(Method::get, kList, reader_, "", {}, http::Listener::mtls).status, 404) << "the portal calls over TLS";
  EXPECT_EQ(call(Method::get, kList, reader_, "", {}, http::Listener::ops).status, 404);
  EXPECT_EQ(call(Method::head, kList, reader_).status, 200);
}

}  // namespace
}  // namespace fapid::nonfapi::backoffice::testing
