#include "oauth/dpop_nonce.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "jose/base64url.hpp"

namespace fapid::oauth {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

class TestClock final : public Clock {
 public:
  system_clock::time_point now() const override { return now_; }
  void advance(system_clock::duration d) { now_ += d; }

 private:
  system_clock::time_point now_ = system_clock::time_point(1'700'000'200s);  // 100 s into a 5-minute window
};

const std::string kSecret = "0123456789abcdef0123456789abcdef-instance-shared";

TEST(DpopNonce, S4_TheCurrentNonceIsAccepted) {
  TestClock clock;
  DpopNonces nonces(kSecret, clock);
  const std::string nonce = nonces.current();
  EXPECT_EQ(nonce.size(), 32u);
  EXPECT_TRUE(jose::is_base64url_alphabet(nonce));
  EXPECT_TRUE(nonces.accepts(nonce));
}

TEST(DpopNonce, S4_AnotherInstanceWithTheSameSecretAcceptsIt) {
  TestClock clock;
  DpopNonces first(kSecret, clock);
  DpopNonces second(kSecret, clock);
  EXPECT_EQ(first.current(), second.current());
  EXPECT_TRUE(second.accepts(first.current()));
}

TEST(DpopNonce, S4_ItChangesWithTheWindow) {
  TestClock clock;
  DpopNonces nonces(kSecret, clock);
  const std::string before = nonces.current();
  clock.advance(199s);  // still the same window
  EXPECT_EQ(nonces.current(), before);
  clock.advance(1s);
  EXPECT_NE(nonces.current(), before);
}

TEST(DpopNonce, S4_ThePreviousWindowsNonceIsAccepted) {
  TestClock clock;
  DpopNonces nonces(kSecret, clock);
  const std::string nonce = nonces.current();
  clock.advance(5min);
  EXPECT_TRUE(nonces.accepts(nonce));
  clock.advance(199s);  // 9 min 59 s after the start of its window: its last second
  EXPECT_TRUE(nonces.accepts(nonce));
}

TEST(DpopNonce, S4_ANonceTwoWindowsBackIsRefused) {
  TestClock clock;
  DpopNonces nonces(kSecret, clock);
  const std::string nonce = nonces.current();
  clock.advance(500s);  // exactly 10 minutes after the start of its window
  EXPECT_FALSE(nonces.accepts(nonce));
  clock.advance(24h);
  EXPECT_FALSE(nonces.accepts(nonce));
}

TEST(DpopNonce, S4_ANonceFromTheNextWindowIsRefused) {
  TestClock clock;
  DpopNonces nonces(kSecret, clock);
  clock.advance(5min);
  const std::string future = nonces.current();
  clock.advance(-5min);
  EXPECT_FALSE(nonces.accepts(future));
}

TEST(DpopNonce, S4_ANonceMadeWithAnotherSecretIsRefused) {
  TestClock clock;
  DpopNonces ours(kSecret, clock);
  DpopNonces theirs(std::string(32, 'z'), clock);
  EXPECT_FALSE(ours.accepts(theirs.current()));
}

TEST(DpopNonce, S4_GarbageIsRefused) {
  TestClock clock;
  DpopNonces nonces(kSecret, clock);
  const std::string good = nonces.current();
  std::string flipped = good;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  std::string other_window = good;  // the window octets of another time, the MAC unchanged
  other_window[9] = other_window[9] == 'A' ? 'B' : 'A';
  for (const std::string& nonce :
       {std::string(), std::string("nonce"), std::string(32, 'A'), std::string(32, '!'), good + "A", good.substr(1),
        flipped, other_window, " " + good.substr(1)}) {
    EXPECT_FALSE(nonces.accepts(nonce)) << nonce;
  }
}

TEST(DpopNonce, RefusesASecretShorterThan32Bytes) {
  TestClock clock;
  EXPECT_THROW(DpopNonces(std::string(31, 's'), clock), std::invalid_argument);
}

}  // namespace
}  // namespace fapid::oauth
