// Grant ids sort by creation time as text and still carry 128 random bits (grant_id.hpp).
#include "storage/grant_id.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fapid::storage {
namespace {

using namespace std::chrono_literals;

// Returns the same "random" token each time, so only the time can order two ids.
class FixedRandom final : public Random {
 public:
  std::string token(std::size_t bytes) override { return std::string(bytes, 'A'); }
};

const std::chrono::system_clock::time_point kNow{1'764'662'400'000ms};  // 2025-12-02T08:00:00Z

TEST(GrantId, IsTheCreationTimeInFixedWidthHexThenTheRandomToken) {
  FixedRandom random;
  EXPECT_EQ(new_grant_id(kNow, random), "019ade135400" + std::string(16, 'A'));
  EXPECT_EQ(new_grant_id(std::chrono::system_clock::time_point{}, random), "000000000000" + std::string(16, 'A'));
}

TEST(GrantId, LaterIdsSortAfterEarlierOnesAsText) {
  FixedRandom random;
  std::string previous = new_grant_id(kNow, random);
  for (const auto step : {1ms, 15ms, 4096ms, 86'400'000ms}) {
    const std::string next = new_grant_id(kNow + step, random);
    EXPECT_LT(previous, next) << "after " << step.count() << " ms";
    EXPECT_EQ(next.size(), previous.size());
    previous = next;
  }
}

TEST(GrantId, IdsOfTheSameMillisecondDifferByTheirRandomPart) {
  SystemRandom random;
  const std::string a = new_grant_id(kNow, random);
  const std::string b = new_grant_id(kNow, random);
  EXPECT_EQ(a.substr(0, 12), b.substr(0, 12));
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 12U + 22U);  // 16 bytes in unpadded base64url
}

}  // namespace
}  // namespace fapid::storage
