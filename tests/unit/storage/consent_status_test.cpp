// The consent wire names and the stored permission list (consent_repository.hpp, permissions_json.hpp).
#include <gtest/gtest.h>

#include "storage/consent_repository.hpp"
#include "storage/permissions_json.hpp"

namespace fapid::storage {
namespace {

TEST(ConsentStatus, EveryStatusHasItsWireNameAndReadsBack) {
  for (const auto status : {ConsentStatus::awaiting_authorisation, ConsentStatus::authorised, ConsentStatus::rejected})
    EXPECT_EQ(consent_status_from_string(to_string(status)), status);
  EXPECT_EQ(to_string(ConsentStatus::awaiting_authorisation), "AWAITING_AUTHORISATION");
  EXPECT_EQ(to_string(ConsentStatus::authorised), "AUTHORISED");
  EXPECT_EQ(to_string(ConsentStatus::rejected), "REJECTED");
}

TEST(ConsentStatus, UnknownOrDifferentlyCasedNamesAreNotStatuses) {
  EXPECT_EQ(consent_status_from_string("authorised"), std::nullopt);
  EXPECT_EQ(consent_status_from_string("CONSUMED"), std::nullopt);
  EXPECT_EQ(consent_status_from_string(""), std::nullopt);
}

TEST(ConsentStatus, TheTppActorNamesTheClient) { EXPECT_EQ(tpp_actor("tpp-one"), "TPP:tpp-one"); }

TEST(PermissionsJson, AListRoundTripsInOrder) {
  const std::vector<std::string> permissions{"RESOURCES_READ", "ACCOUNTS_READ", "with \"quotes\" and \\ and ü"};
  EXPECT_EQ(permissions_from_json(permissions_to_json(permissions)), permissions);
  EXPECT_EQ(permissions_to_json({}), "[]");
  EXPECT_EQ(permissions_from_json("[]"), std::vector<std::string>{});
}

TEST(PermissionsJson, AnythingButAnArrayOfStringsIsRefused) {
  for (const char* corrupt : {"", "{}", "\"ACCOUNTS_READ\"", "[1]", "[\"A\", null]", "[\"A\""})
    EXPECT_EQ(permissions_from_json(corrupt), std::nullopt) << corrupt;
}

}  // namespace
}  // namespace fapid::storage
