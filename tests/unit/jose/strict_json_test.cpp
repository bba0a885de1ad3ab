#include "jose/strict_json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fapid::jose {
namespace {

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(StrictJson, ParsesAnOrdinaryObject) {
  auto v = parse_strict_json(R"({"a":1,"b":{"c":[true,null,"x"]}})");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ((*v)["b"]["c"][2], "x");
}

// RFC 7515 §4 lets a parser reject duplicate member names; we do, everywhere (ATTACKS.md A13).
TEST(StrictJson, RejectsDuplicateMembersAtAnyDepth) {
  EXPECT_FALSE(parse_strict_json(R"({"alg":"PS256","alg":"none"})"));
  EXPECT_FALSE(parse_strict_json(R"({"a":{"x":1,"x":2}})"));
  EXPECT_FALSE(parse_strict_json(R"([{"x":1,"x":1}])"));
  EXPECT_TRUE(parse_strict_json(R"({"a":{"x":1},"b":{"x":1}})"));  // same name in sibling objects is fine
}

TEST(StrictJson, RejectsNestingDeeperThanTheLimit) {
  EXPECT_TRUE(parse_strict_json(nested_arrays(kMaxJsonDepth)));
  EXPECT_FALSE(parse_strict_json(nested_arrays(kMaxJsonDepth + 1)));
  EXPECT_FALSE(parse_strict_json(nested_arrays(10000)));  // ATTACKS.md A13: 10k-deep JSON
  EXPECT_FALSE(parse_strict_json(std::string(10000, '[')));
}

TEST(StrictJson, RejectsSyntaxErrorsTrailingDataAndBadUtf8) {
  EXPECT_FALSE(parse_strict_json(""));
  EXPECT_FALSE(parse_strict_json("{"));
  EXPECT_FALSE(parse_strict_json(R"({"a":1} x)"));
  EXPECT_FALSE(parse_strict_json(R"({"a":1}{"b":2})"));
  EXPECT_FALSE(parse_strict_json("{\"a\":\"\xff\"}"));
  EXPECT_FALSE(parse_strict_json("{\"a\":1 /* c */}"));
}

}  // namespace
}  // namespace fapid::jose
