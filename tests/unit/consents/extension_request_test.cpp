// POST /consents/{consentId}/extends bodies (consents API v3 CreateConsentExtensions): the logged user,
// an optional business entity and an optional new expiry that must extend the consent.
#include "fapi/consents/consent_request.hpp"

#include <gtest/gtest.h>

#include "consent_test_support.hpp"

namespace fapid::fapi::consents {
namespace {

using namespace testing;

const TimePoint kNow = at("2025-03-10T12:00:00Z");
const TimePoint kCurrent = at("2025-06-01T00:00:00Z");

nlohmann::json until(std::string_view when) {
  auto body = extension_body();
  body["data"]["expirationDateTime"] = when;
  return body;
}

Validated<ExtensionRequest> extend(const nlohmann::json& body, std::optional<TimePoint> current = kCurrent) {
  return parse_extension_request(body.dump(), kNow, current);
}

TEST(ExtensionRequest, AcceptsALaterExpiryWithinTwelveMonths) {
  const auto r = extend(until("2025-12-01T00:00:00Z"));
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->logged_user_cpf, kCpf);
  EXPECT_EQ(r.value->business_entity_cnpj, "");
  EXPECT_EQ(r.value->expiration, at("2025-12-01T00:00:00Z"));
  EXPECT_TRUE(accepted(extend(until("2026-03-10T12:00:00Z"))));
}

TEST(ExtensionRequest, KeepsTheBusinessEntity) {
  auto body = until("2025-12-01T00:00:00Z");
  body["data"]["businessEntity"] = party(kCnpj, "CNPJ");
  const auto r = extend(body);
  ASSERT_TRUE(accepted(r));
  EXPECT_EQ(r.value->business_entity_cnpj, kCnpj);
}

TEST(ExtensionRequest, AnOmittedExpiryRenewsForAnIndefinitePeriod) {
  const auto r = extend(extension_body());
  ASSERT_TRUE(accepted(r));
  EXPECT_FALSE(r.value->expiration);
  EXPECT_TRUE(accepted(extend(extension_body(), std::nullopt)));
}

TEST(ExtensionRequest, RefusesAnExpiryNotLaterThanTheCurrentOne) {
  EXPECT_TRUE(fails_with(extend(until("2025-06-01T00:00:00Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
  EXPECT_TRUE(fails_with(extend(until("2025-05-31T23:59:59Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
  EXPECT_TRUE(accepted(extend(until("2025-06-01T00:00:01Z"))));
}

TEST(ExtensionRequest, RefusesToPutADateOnAnIndefiniteConsent) {
  EXPECT_TRUE(fails_with(extend(until("2025-12-01T00:00:00Z"), std::nullopt), 422, "DATA_EXPIRACAO_INVALIDA"));
}

TEST(ExtensionRequest, RefusesAnExpiryNowInThePastOrBeyondTwelveMonths) {
  const TimePoint long_ago = at("2024-01-01T00:00:00Z");
  EXPECT_TRUE(fails_with(extend(until("2025-03-10T12:00:00Z"), long_ago), 422, "DATA_EXPIRACAO_INVALIDA"));
  EXPECT_TRUE(fails_with(extend(until("2025-01-01T00:00:00Z"), long_ago), 422, "DATA_EXPIRACAO_INVALIDA"));
  EXPECT_TRUE(fails_with(extend(until("2026-03-10T12:00:01Z")), 422, "DATA_EXPIRACAO_INVALIDA"));
}

TEST(ExtensionRequest, RefusesAnExpiryNotInTheWireForm) {
  EXPECT_TRUE(fails_with(extend(until("2025-12-01T00:00:00+00:00")), 400, "PARAMETRO_INVALIDO"));
  EXPECT_TRUE(fails_with(extend(until("2025-12-01T00:00:00.5Z")), 400, "PARAMETRO_INVALIDO"));
  auto body = extension_body();
  body["data"]["expirationDateTime"] = nullptr;
  EXPECT_TRUE(fails_with(extend(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ExtensionRequest, RequiresTheLoggedUser) {
  EXPECT_TRUE(fails_with(extend(nlohmann::json{{"data", nlohmann::json::object()}}), 400, "PARAMETRO_NAO_INFORMADO"));
  EXPECT_TRUE(fails_with(extend(nlohmann::json::object()), 400, "PARAMETRO_NAO_INFORMADO"));
}

TEST(ExtensionRequest, RefusesInvalidDocuments) {
  auto body = extension_body();
  body["data"]["loggedUser"] = party("52998224726", "CPF");
  EXPECT_TRUE(fails_with(extend(body), 400, "PARAMETRO_INVALIDO"));
  body = extension_body();
  body["data"]["businessEntity"] = party("11222333000180", "CNPJ");
  EXPECT_TRUE(fails_with(extend(body), 400, "PARAMETRO_INVALIDO"));
}

TEST(ExtensionRequest, RefusesMalformedAndOversizedBodies) {
  EXPECT_TRUE(fails_with(parse_extension_request("{\"data\":", kNow, kCurrent), 400, "PARAMETRO_INVALIDO"));
  auto body = extension_body().dump();
  body.insert(1, kMaxConsentBodyBytes, ' ');
  EXPECT_TRUE(fails_with(parse_extension_request(body, kNow, kCurrent), 400, "PARAMETRO_INVALIDO"));
}

}  // namespace
}  // namespace fapid::fapi::consents
