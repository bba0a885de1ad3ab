// SubjectMatchMemo: remembers a match for exactly one (client id, subject DER) pair and stays bounded.
#include "oauth/subject_match_memo.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace fapid::oauth {
namespace {

TEST(SubjectMatchMemoTest, RemembersAMatchForThatClientAndThoseBytesOnly) {
  SubjectMatchMemo memo;
  EXPECT_FALSE(memo.matched("tpp", "subject"));
  memo.remember_match("tpp", "subject");
  EXPECT_TRUE(memo.matched("tpp", "subject"));
  EXPECT_FALSE(memo.matched("tpq", "subject"));  // an id of the same length
  EXPECT_FALSE(memo.matched("tpp-two", "subject"));
  EXPECT_FALSE(memo.matched("tpp", "subjecT"));
  EXPECT_FALSE(memo.matched("tpp", std::string("subject\0", 8)));
  EXPECT_FALSE(memo.matched("tpp", ""));
}

TEST(SubjectMatchMemoTest, NoTwoPairsShareAKeyWhereTheIdEndsAndTheSubjectBegins) {
  SubjectMatchMemo memo;
  memo.remember_match("ab", "c");
  EXPECT_FALSE(memo.matched("a", "bc"));
  EXPECT_FALSE(memo.matched("abc", ""));
  memo.remember_match("1:a", "b");  // an id that looks like a length prefix
  EXPECT_FALSE(memo.matched("1", "a:ab"));
  EXPECT_FALSE(memo.matched("1:", "ab"));
}

TEST(SubjectMatchMemoTest, WhenFullItForgetsEverythingAndKeepsTheNewMatch) {
  SubjectMatchMemo memo;
  for (std::size_t i = 0; i < SubjectMatchMemo::kMaxEntries; ++i) memo.remember_match("tpp", "subject-" + std::to_string(i));
  EXPECT_EQ(memo.size(), SubjectMatchMemo::kMaxEntries);
  EXPECT_TRUE(memo.matched("tpp", "subject-0"));
  memo.remember_match("tpp", "one more");
  EXPECT_EQ(memo.size(), 1u);
  EXPECT_TRUE(memo.matched("tpp", "one more"));
  EXPECT_FALSE(memo.matched("tpp", "subject-0"));
}

TEST(SubjectMatchMemoTest, RememberingTheSameMatchTwiceKeepsOneEntry) {
  SubjectMatchMemo memo;
  memo.remember_match("tpp", "subject");
  memo.remember_match("tpp", "subject");
  EXPECT_EQ(memo.size(), 1u);
}

// Workers of the pool authenticate concurrently; run under the sanitizer build as well.
TEST(SubjectMatchMemoTest, ConcurrentReadersAndWritersSeeEveryMatchTheyRemembered) {
  SubjectMatchMemo memo;
  std::vector<std::thread> threads;
  std::vector<int> misses(8, 0);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const auto subject = "subject-" + std::to_string(t) + "-" + std::to_string(i % 50);
        memo.remember_match("tpp", subject);
        if (!memo.matched("tpp", subject)) ++misses[static_cast<std::size_t>(t)];
      }
    });
  for (auto& th : threads) th.join();
  for (int m : misses) EXPECT_EQ(m, 0);
  EXPECT_EQ(memo.size(), 400u);
}

}  // namespace
}  // namespace fapid::oauth
