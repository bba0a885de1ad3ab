#include "http/message_checks.hpp"

#include <gtest/gtest.h>

namespace fapid::http {
namespace {

TEST(MessageChecks, AcceptsPlainFraming) {
  EXPECT_FALSE(framing_problem({11, {}, {}}));
  EXPECT_FALSE(framing_problem({11, {"12"}, {}}));
  EXPECT_FALSE(framing_problem({11, {}, {"chunked"}}));
  EXPECT_FALSE(framing_problem({11, {}, {"Chunked "}}));
  EXPECT_FALSE(framing_problem({10, {"3"}, {}}));
}

TEST(MessageChecks, RejectsTransferEncodingWithContentLength_H01) {
  EXPECT_TRUE(framing_problem({11, {"5"}, {"chunked"}}));
  EXPECT_TRUE(framing_problem({11, {"5"}, {"gzip"}}));
}

TEST(MessageChecks, RejectsEveryTransferEncodingButASingleChunked) {
  EXPECT_TRUE(framing_problem({11, {}, {"gzip"}}));
  EXPECT_TRUE(framing_problem({11, {}, {"gzip, chunked"}}));
  EXPECT_TRUE(framing_problem({11, {}, {"chunked, gzip"}}));
  EXPECT_TRUE(framing_problem({11, {}, {"chunked", "chunked"}}));
  EXPECT_TRUE(framing_problem({11, {}, {"identity"}}));
}

TEST(MessageChecks, RejectsChunkedOnHttp10) { EXPECT_TRUE(framing_problem({10, {}, {"chunked"}})); }

TEST(MessageChecks, RejectsDuplicateContentLengthEvenWhenEqual) {
  EXPECT_TRUE(framing_problem({11, {"5", "5"}, {}}));
  EXPECT_TRUE(framing_problem({11, {"5", "6"}, {}}));
  EXPECT_TRUE(framing_problem({11, {"5, 5"}, {}}));
}

TEST(MessageChecks, FindsObsFoldAcrossChunks) {
  EXPECT_TRUE(contains_obs_fold("Host: a\r\nX: 1\r\n 2\r\n\r\n", false));
  EXPECT_TRUE(contains_obs_fold("\tcontinued: x\r\n", true));
  EXPECT_FALSE(contains_obs_fold("\tcontinued: x\r\n", false));
  EXPECT_FALSE(contains_obs_fold("Host: a b\r\nX:\t1\r\n\r\n", false));
}

}  // namespace
}  // namespace fapid::http
