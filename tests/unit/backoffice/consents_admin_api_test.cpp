// The back office's consents administration (nonfapi/backoffice/consents_admin_api.hpp; issue 6, item 5):
// staff with oob_consents:read search and read consents, staff with oob_consents:write revoke one on a
// customer's request, which ends its tokens at once (SPEC section 17, RT4).
#include "unit/backoffice/backoffice_test_support.hpp"

namespace fapid::nonfapi::backoffice::testing {
namespace {

using http::Method;
using storage::ConsentRecord;
using storage::ConsentRejection;
using storage::ConsentStatus;

const std::string kList = "/backoffice/v1/consents";

class ConsentsAdminApi : public BackofficeTest {
 protected:
  void SetUp() override {
    BackofficeTest::SetUp();
    reader_ = token("oob_consents:read", "portal", "staff-ro");
    writer_ = token("oob_consents:read oob_consents:write", "portal", "staff-1");
  }

  // A consent created by `client` at the current time (plus `age_offset`), awaiting authorisation.
  ConsentRecord consent(const std::string& id, std::string_view cpf = kCpf, std::string_view cnpj = "",
                        const std::string& client = "tpp-one", std::optional<TimePoint> expires = std::nullopt) {
    ConsentRecord c;
    c.id = id;
    c.client_id = client;
    c.logged_user_document = std::string(cpf);
    c.business_entity_document = std::string(cnpj);
    c.permissions = {"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"};
    c.created_at = c.status_updated_at = clock_.now();
    c.expires_at = expires.value_or(clock_.now() + 24h * 90);
    auto created = stores_.consents->create_consent(c, std::nullopt);
    EXPECT_TRUE(created.has_value());
    return c;
  }
  void authorise(const std::string& id, const std::string& customer = "customer-1") {
    ASSERT_TRUE(stores_.consents
                    ->transition(id, ConsentStatus::awaiting_authorisation, ConsentStatus::authorised,
                                 "USER:" + customer, customer, std::nullopt, clock_.now())
                    .value());
  }
  std::string tpp_token_for(const std::string& consent_id) {
    return token("openid accounts consent:" + consent_id, "tpp-one", "customer-1", consent_id);
  }
  std::vector<std::string> ids(const Reply& r) {
    std::vector<std::string> out;
    const auto doc = r.doc();  // a range-for over a member of a temporary would dangle
    for (const auto& c : doc["data"]) out.push_back(c["consentId"].get<std::string>());
    return out;
  }
  Reply revoke(const std::string& id, const std::string& bearer) {
    return call(Method::post, kList + "/" + id + "/revoke", bearer);
  }

  std::string reader_, writer_;
};

using Ids = std::vector<std::string>;

TEST_F(ConsentsAdminApi, RefusesCallsWithoutAValidStaffTokenOrScope) {
  consent("urn:bank:c-1");
  expect_refused(get(kList), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(get(kList + "/urn:bank:c-1", "forged"), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(revoke("urn:bank:c-1", ""), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(get(kList, tpp_token_for("urn:bank:c-1")), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(revoke("urn:bank:c-1", token(kAllScopes, "tpp-one")), 401, "UNAUTHORIZED", "invalid_token");
  expect_refused(get(kList, token("oob_outages:read oob_outages:write")), 403, "FORBIDDEN", "insufficient_scope");
  expect_refused(get(kList, token("oob_consents:write")), 403, "FORBIDDEN", "insufficient_scope");
  expect_refused(revoke("urn:bank:c-1", reader_), 403, "FORBIDDEN", "insufficient_scope");
  EXPECT_EQ(stores_.consents->find_consent("urn:bank:c-1").value()->status, ConsentStatus::awaiting_authorisation);
}

TEST_F(ConsentsAdminApi, SearchFiltersByCpfCnpjClientAndStatusNewestFirst) {
  consent("urn:bank:a1", kCpf);
  clock_.advance(1min);
  consent("urn:bank:a2", kCpf, kCnpj, "tpp-two");
  clock_.advance(1min);
  consent("urn:bank:b3", kOtherCpf, kCnpj);
  clock_.advance(1min);
  consent("urn:bank:a4", kCpf);
  authorise("urn:bank:a2");

  EXPECT_EQ(ids(get(kList, reader_)), (Ids{"urn:bank:a4", "urn:bank:b3", "urn:bank:a2", "urn:bank:a1"}));
  EXPECT_EQ(ids(get(kList + "?cpf=" + std::string(kCpf), reader_)), (Ids{"urn:bank:a4", "urn:bank:a2", "urn:bank:a1"}));
  EXPECT_EQ(ids(get(kList + "?cnpj=" + std::string(kCnpj), reader_)), (Ids{"urn:bank:b3", "urn:bank:a2"}));
  EXPECT_EQ(ids(get(kList + "?clientId=tpp-two", reader_)), (Ids{"urn:bank:a2"}));
  EXPECT_EQ(ids(get(kList + "?status=AUTHORISED", reader_)), (Ids{"urn:bank:a2"}));
  EXPECT_EQ(ids(get(kList + "?status=AWAITING_AUTHORISATION&cpf=" + std::string(kCpf), reader_)),
            (Ids{"urn:bank:a4", "urn:bank:a1"}));
  EXPECT_EQ(ids(get(kList + "?cpf=" + std::string(kOtherCpf) + "&clientId=tpp-two", reader_)), Ids{});
  EXPECT_EQ(ids(get(kList + "?unknown=ignored&cpf=" + std::string(kOtherCpf), reader_)), (Ids{"urn:bank:b3"}));

  const auto item = get(kList + "?clientId=tpp-two", reader_).doc()["data"][0];
  EXPECT_EQ(item, json::parse(R"({
    "consentId": "urn:bank:a2", "clientId": "tpp-two", "status": "AUTHORISED",
    "creationDateTime": "2026-03-01T10:01:00Z", "statusUpdateDateTime": "2026-03-01T10:03:00Z",
    "expirationDateTime": "2026-05-30T10:01:00Z",
    "permissions": ["ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"],
    "loggedUser": {"document": {"identification": "52998224725", "rel": "CPF"}},
    "businessEntity": {"document": {"identification": "11222333000181", "rel": "CNPJ"}}})"));
}

TEST_F(ConsentsAdminApi, SearchPagesKeepTheFiltersInTheirLinks) {
  for (int i = 0; i < 5; ++i) {
    consent("urn:bank:p" + std::to_string(i));
    clock_.advance(1s);
  }
  consent("urn:bank:other", kCpf, "", "tpp-two");
  Ids seen;
  for (int page = 1; page <= 3; ++page) {
    const auto r = get(kList + "?clientId=tpp-one&page=" + std::to_string(page) + "&page-size=2", reader_);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto doc = r.doc();
    EXPECT_EQ(doc["meta"]["totalRecords"], 5);
    EXPECT_EQ(doc["meta"]["totalPages"], 3);
    EXPECT_EQ(doc["links"]["self"], "https://as.example/backoffice/v1/consents?clientId=tpp-one&page=" +
                                        std::to_string(page) + "&page-size=2");
    EXPECT_EQ(doc["links"]["last"], "https://as.example/backoffice/v1/consents?clientId=tpp-one&page=3&page-size=2");
    EXPECT_EQ(doc["links"].contains("next"), page < 3);
    EXPECT_EQ(doc["links"].contains("prev"), page > 1);
    for (const auto& id : ids(r)) seen.push_back(id);
  }
  EXPECT_EQ(seen, (Ids{"urn:bank:p4", "urn:bank:p3", "urn:bank:p2", "urn:bank:p1", "urn:bank:p0"}));
  const auto beyond = get(kList + "?clientId=tpp-one&page=9&page-size=2", reader_);
  EXPECT_EQ(ids(beyond), Ids{});
  EXPECT_EQ(beyond.doc()["meta"]["totalRecords"], 5);
  // Query values are encoded again in the links.
  const auto odd = get(kList + "?clientId=tpp%20one%26x", reader_);
  EXPECT_EQ(odd.doc()["links"]["self"], "https://as.example/backoffice/v1/consents?clientId=tpp%20one%26x&page=1&page-size=25");
}

TEST_F(ConsentsAdminApi, SearchRefusesMalformedValues) {
  for (const std::string& q : std::vector<std::string>{"cpf=52998224724", "cpf=123", "cpf=", "cpf=11111111111", "cnpj=11222333000180",
                              "cnpj=1122233300018", "clientId=", "clientId=" + std::string(257, 'a'), "status=EXPIRED",
                              "status=authorised", "page=0", "page-size=1001", "cpf=52998224725&cpf=52998224725"})
    expect_refused(get(kList + "?" + q, reader_), 400, "PARAMETRO_INVALIDO");
  EXPECT_EQ(get(kList + "?cnpj=12ABC34501DE35", reader_).status, 200) << "an alphanumeric CNPJ (IN RFB 2.229/2024)";
}

TEST_F(ConsentsAdminApi, ReadingAConsentShowsItsHistoryAndExtensions) {
  consent("urn:bank:c-1", kCpf, kCnpj);
  clock_.advance(2min);
  authorise("urn:bank:c-1");
  clock_.advance(1h);
  ASSERT_TRUE(stores_.consents
                  ->extend({"urn:bank:c-1", at("2026-12-01T00:00:00Z"), std::nullopt, std::string(kCpf), clock_.now(),
                            "203.0.113.7", "Mozilla/5.0"})
                  .value());
  const auto r = get(kList + "/urn:bank:c-1", reader_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto data = r.doc()["data"];
  EXPECT_EQ(data["status"], "AUTHORISED");
  EXPECT_EQ(data["expirationDateTime"], "2026-12-01T00:00:00Z");
  EXPECT_EQ(data["history"], json::parse(R"([
    {"dateTime": "2026-03-01T10:00:00Z", "toStatus": "AWAITING_AUTHORISATION", "actor": "TPP:tpp-one"},
    {"dateTime": "2026-03-01T10:02:00Z", "fromStatus": "AWAITING_AUTHORISATION", "toStatus": "AUTHORISED",
     "actor": "USER:customer-1"}])"));
  EXPECT_EQ(data["extensions"], json::parse(R"([
    {"expirationDateTime": "2026-12-01T00:00:00Z", "previousExpirationDateTime": "2026-05-30T10:00:00Z",
     "loggedUser": {"document": {"identification": "52998224725", "rel": "CPF"}},
     "requestDateTime": "2026-03-01T11:02:00Z", "xFapiCustomerIpAddress": "203.0.113.7",
     "xCustomerUserAgent": "Mozilla/5.0"}])"));
  EXPECT_EQ(r.doc()["links"]["self"], "https://as.example/backoffice/v1/consents/urn:bank:c-1");
  EXPECT_EQ(get(kList + "/urn%3Abank%3Ac-1", reader_).doc()["data"]["consentId"], "urn:bank:c-1");
  EXPECT_TRUE(audit_events().empty()) << "reads are logged, not audited";
}

TEST_F(ConsentsAdminApi, AnUnknownConsentIsNotFound) {
  for (const std::string& id : std::vector<std::string>{"urn:bank:nobody", "%zz", "urn%2Fbank", std::string(300, 'u')}) {
    expect_refused(get(kList + "/" + id, reader_), 404, "NAO_ENCONTRADO");
    expect_refused(revoke(id, writer_), 404, "NAO_ENCONTRADO");
  }
}

TEST_F(ConsentsAdminApi, RevokingAnAuthorisedConsentEndsItAndEveryTokenOfIt) {
  consent("urn:bank:c-1");
  authorise("urn:bank:c-1");
  const auto tpp_access = tpp_token_for("urn:bank:c-1");
  const auto second_grant = tpp_token_for("urn:bank:c-1");
  consent("urn:bank:c-2");
  const auto unrelated = tpp_token_for("urn:bank:c-2");
  ASSERT_TRUE(token_live(tpp_access));
  clock_.advance(5min);

  const auto r = revoke("urn:bank:c-1", writer_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto data = r.doc()["data"];
  EXPECT_EQ(data["status"], "REJECTED");
  EXPECT_EQ(data["statusUpdateDateTime"], "2026-03-01T10:05:00Z");
  EXPECT_EQ(data["rejection"]["rejectedBy"], "USER");
  EXPECT_EQ(data["rejection"]["reason"]["code"], "CUSTOMER_MANUALLY_REVOKED");
  EXPECT_EQ(data["history"].back(), json::parse(R"({"dateTime": "2026-03-01T10:05:00Z",
    "fromStatus": "AUTHORISED", "toStatus": "REJECTED", "actor": "STAFF:staff-1", "reason": "CUSTOMER_MANUALLY_REVOKED"})"));

  EXPECT_FALSE(token_live(tpp_access)) << "RT4: the consent's tokens die with it";
  EXPECT_FALSE(token_live(second_grant));
  EXPECT_TRUE(token_live(unrelated));
  const auto stored = stores_.consents->find_consent("urn:bank:c-1").value();
  EXPECT_EQ(stored->rejection, (ConsentRejection{"USER", "CUSTOMER_MANUALLY_REVOKED",
                                                 "revoked by the institution at the customer's request"}));

  const auto events = audit_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "consent.revoked");
  EXPECT_EQ(events[0].subject, "staff-1");
  EXPECT_EQ(events[0].client_id, "portal");
  EXPECT_EQ(json::parse(events[0].detail_json),
            json({{"consent_id", "urn:bank:c-1"}, {"tpp_client_id", "tpp-one"}, {"reason", "CUSTOMER_MANUALLY_REVOKED"}}));
}

TEST_F(ConsentsAdminApi, RevokingAnAwaitingConsentRejectsItAsTheCustomer) {
  consent("urn:bank:c-1");
  const auto r = revoke("urn:bank:c-1", writer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.doc()["data"]["rejection"]["reason"]["code"], "CUSTOMER_MANUALLY_REJECTED");
  EXPECT_EQ(r.doc()["data"]["history"].back()["actor"], "STAFF:staff-1");
  EXPECT_EQ(r.doc()["data"]["history"].back()["fromStatus"], "AWAITING_AUTHORISATION");
}

TEST_F(ConsentsAdminApi, RevokingARejectedConsentIsUnprocessable) {
  consent("urn:bank:c-1");
  ASSERT_EQ(revoke("urn:bank:c-1", writer_).status, 200);
  expect_refused(revoke("urn:bank:c-1", writer_), 422, "CONSENTIMENTO_EM_STATUS_REJEITADO");
  EXPECT_EQ(audit_events().size(), 1u) << "a refused revocation is not audited as one";
  EXPECT_EQ(stores_.consents->history("urn:bank:c-1").value().size(), 2u);
}

TEST_F(ConsentsAdminApi, ARevocationLeftHalfDoneHasItsTokensRevokedOnRetry) {
  consent("urn:bank:c-1");
  authorise("urn:bank:c-1");
  const auto tpp_access = tpp_token_for("urn:bank:c-1");
  // The consent was rejected but its grants outlived it (the process died between the two steps).
  ASSERT_TRUE(stores_.consents
                  ->transition("urn:bank:c-1", ConsentStatus::authorised, ConsentStatus::rejected, "STAFF:staff-1", "",
                               ConsentRejection{"USER", "CUSTOMER_MANUALLY_REVOKED", ""}, clock_.now())
                  .value());
  ASSERT_TRUE(token_live(tpp_access));
  expect_refused(revoke("urn:bank:c-1", writer_), 422, "CONSENTIMENTO_EM_STATUS_REJEITADO");
  EXPECT_FALSE(token_live(tpp_access));
}

TEST_F(ConsentsAdminApi, RevokeTakesNoBodyButAnyBodyMustBeJson) {
  consent("urn:bank:c-1");
  consent("urn:bank:c-2");
  expect_refused(call(Method::post, kList + "/urn:bank:c-1/revoke", writer_, "reason=x",
                      {{"content-type", "application/x-www-form-urlencoded"}}),
                 415, "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_EQ(stores_.consents->find_consent("urn:bank:c-1").value()->status, ConsentStatus::awaiting_authorisation);
  EXPECT_EQ(call(Method::post, kList + "/urn:bank:c-1/revoke", writer_, "{}", {{"content-type", "application/json"}}).status,
            200);
  EXPECT_EQ(revoke("urn:bank:c-2", writer_).status, 200);
}

TEST_F(ConsentsAdminApi, EachSubResourceServesItsOwnMethods) {
  consent("urn:bank:c-1");
  const auto get_revoke = get(kList + "/urn:bank:c-1/revoke", writer_);
  expect_refused(get_revoke, 405, "METODO_NAO_PERMITIDO");
  EXPECT_EQ(get_revoke.header("allow"), "POST, OPTIONS");
  const auto post_item = call(Method::post, kList + "/urn:bank:c-1", writer_);
  expect_refused(post_item, 405, "METODO_NAO_PERMITIDO");
  EXPECT_EQ(post_item.header("allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(call(Method::del, kList + "/urn:bank:c-1", writer_).status, 405) << "the router's";
  EXPECT_EQ(call(Method::post, kList, writer_).status, 405);
  EXPECT_EQ(stores_.consents->find_consent("urn:bank:c-1").value()->status, ConsentStatus::awaiting_authorisation);

  const auto preflight = call(Method::options, kList + "/urn:bank:c-1/revoke", "", "", {{"origin", std::string(kPortal)}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("access-control-allow-methods"), "POST");
  EXPECT_EQ(call(Method::options, kList, "", "", {{"origin", std::string(kPortal)}}).header("access-control-allow-methods"),
            "GET");
}

TEST_F(ConsentsAdminApi, AReadExpiresAnAwaitingConsentThatWasNotAuthorisedInTime) {
  consent("urn:bank:c-1");
  const auto early = tpp_token_for("urn:bank:c-1");  // not possible in the flow; proves the grants are swept
  clock_.advance(59min);
  EXPECT_EQ(get(kList + "/urn:bank:c-1", reader_).doc()["data"]["status"], "AWAITING_AUTHORISATION");
  clock_.advance(1min);
  const auto data = get(kList + "/urn:bank:c-1", reader_).doc()["data"];
  EXPECT_EQ(data["status"], "REJECTED");
  EXPECT_EQ(data["rejection"]["rejectedBy"], "ASPSP");
  EXPECT_EQ(data["rejection"]["reason"]["code"], "CONSENT_EXPIRED");
  EXPECT_EQ(data["history"].back()["actor"], "ASPSP");
  EXPECT_EQ(data["statusUpdateDateTime"], "2026-03-01T11:00:00Z");
  EXPECT_FALSE(token_live(early));
  expect_refused(revoke("urn:bank:c-1", writer_), 422, "CONSENTIMENTO_EM_STATUS_REJEITADO");
}

TEST_F(ConsentsAdminApi, ASearchExpiresAnAuthorisedConsentAtItsMaxDateBeforeFilteringByStatus) {
  consent("urn:bank:short", kCpf, "", "tpp-one", clock_.now() + 2h);
  authorise("urn:bank:short");
  const auto tpp_access = tpp_token_for("urn:bank:short");
  consent("urn:bank:long");
  authorise("urn:bank:long");
  EXPECT_EQ(ids(get(kList + "?status=AUTHORISED", reader_)), (Ids{"urn:bank:long", "urn:bank:short"}));
  clock_.advance(2h);
  const auto r = get(kList + "?status=AUTHORISED", reader_);
  EXPECT_EQ(ids(r), (Ids{"urn:bank:long"})) << "it is no longer authorised, so it is no longer found as such";
  EXPECT_EQ(r.doc()["meta"]["totalRecords"], 1);
  const auto rejected = get(kList + "?status=REJECTED", reader_).doc()["data"];
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0]["rejection"]["reason"]["code"], "CONSENT_MAX_DATE_REACHED");
  EXPECT_FALSE(token_live(tpp_access));
}

TEST_F(ConsentsAdminApi, ConsentsAreServedOnlyOnTheTlsListenerWithCorsForThePortal) {
  consent("urn:bank:c-1");
  EXPECT_EQ(call(Method::get, kList, reader_, "", {}, http::Listener::mtls).status, 404);
  const auto r = get(kList + "/urn:bank:c-1", reader_, {{"origin", std::string(kPortal)}});
  EXPECT_EQ(r.header("access-control-allow-origin"), std::string(kPortal));
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_FALSE(get(kList, reader_, {{"origin", "https://portal.example.evil"}}).header("access-control-allow-origin"));
}

}  // namespace
}  // namespace fapid::nonfapi::backoffice::testing
