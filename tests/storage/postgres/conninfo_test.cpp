// The connection string reaches libpq with the password; nothing derived from it reaches a message.
#include "storage/postgres/conninfo.hpp"

#include <gtest/gtest.h>

namespace fapid::storage::postgres {
namespace {

PostgresOptions with_url(std::string url) {
  PostgresOptions options;
  options.url = std::move(url);
  return options;
}

TEST(Conninfo, CarriesTheSeparatePasswordQuotedForLibpq) {
  auto options = with_url("postgresql://fapid@db.example:5433/fapid?sslmode=require");
  options.password = R"(it's a \ secret)";
  const auto conninfo = Conninfo::from(options);
  ASSERT_TRUE(conninfo.has_value());
  const auto& text = conninfo->text();
  EXPECT_NE(text.find(R"(password='it\'s a \\ secret')"), std::string::npos) << "quoted for libpq";
  EXPECT_NE(text.find("host='db.example'"), std::string::npos);
  EXPECT_NE(text.find("port='5433'"), std::string::npos);
  EXPECT_NE(text.find("sslmode='require'"), std::string::npos);
  EXPECT_NE(text.find("application_name='fapid'"), std::string::npos);
}

TEST(Conninfo, ConnectTimeoutIsWholeSecondsAndAtLeastTwo) {
  auto options = with_url("postgresql://fapid@db.example/fapid");
  options.connect_timeout = std::chrono::milliseconds(300);
  EXPECT_NE(Conninfo::from(options)->text().find("connect_timeout='2'"), std::string::npos);
  options.connect_timeout = std::chrono::milliseconds(4500);
  EXPECT_NE(Conninfo::from(options)->text().find("connect_timeout='5'"), std::string::npos);
}

TEST(Conninfo, ScrubsBothTheSeparateAndTheUrlPassword) {
  auto options = with_url("postgresql://fapid:in-url-pw@db.example/fapid");
  options.password = "separate-pw";
  const auto conninfo = Conninfo::from(options);
  ASSERT_TRUE(conninfo.has_value());
  EXPECT_EQ(conninfo->scrub("failed for separate-pw and in-url-pw\nsecond line separate-pw"), "failed for *** and ***");
}

TEST(Conninfo, AnUnparsableUrlIsRefusedWithoutEchoingIt) {
  const auto conninfo = Conninfo::from(with_url("postgresql://fapid:pw-in-bad-url@db.example/fapid?bad%zz=1"));
  ASSERT_FALSE(conninfo.has_value());
  EXPECT_EQ(conninfo.error().code, ErrorCode::server_error);
  EXPECT_EQ(conninfo.error().detail.find("pw-in-bad-url"), std::string::npos);
  EXPECT_EQ(conninfo.error().description.find("pw-in-bad-url"), std::string::npos);
}

}  // namespace
}  // namespace fapid::storage::postgres
