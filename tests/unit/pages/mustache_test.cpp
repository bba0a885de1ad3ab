// The mustache subset: what it renders, how names resolve, and every template shape it refuses.
#include <gtest/gtest.h>

#include "pages/mustache.hpp"

namespace fapid::pages {
namespace {

std::string render(std::string_view text, const nlohmann::json& data, const nlohmann::json& outer = nullptr) {
  auto t = MustacheTemplate::compile(text, "test.html");
  EXPECT_TRUE(t.has_value()) << (t.has_value() ? "" : t.error().detail);
  if (!t) return "<refused>";
  if (outer.is_null()) return t->render({&data});
  return t->render({&outer, &data});
}

std::string refusal(std::string_view text) {
  auto t = MustacheTemplate::compile(text, "test.html");
  return t.has_value() ? "<accepted>" : t.error().detail;
}

TEST(Mustache, EscapesEveryValue) {
  EXPECT_EQ(render("<a title=\"{{v}}\">{{v}}</a>", {{"v", "<b onclick='x'>\"&`="}}),
            "<a title=\"&lt;b onclick&#61;&#39;x&#39;&gt;&quot;&amp;&#96;&#61;\">&lt;b onclick&#61;&#39;x&#39;&gt;&quot;&amp;&#96;&#61;</a>");
}

TEST(Mustache, PrintsNumbersAndBooleansAndNothingForTheRest) {
  EXPECT_EQ(render("[{{n}}|{{big}}|{{f}}|{{b}}|{{nul}}|{{obj}}|{{arr}}|{{missing}}]",
                   {{"n", 42}, {"big", 9007199254740993ULL}, {"f", 1.5}, {"b", true}, {"nul", nullptr},
                    {"obj", {{"a", 1}}}, {"arr", {1, 2}}}),
            "[42|9007199254740993|1.5|true||||]");
}

TEST(Mustache, SectionsTreatFalseNullEmptyAndMissingAsFalse) {
  const nlohmann::json data = {{"f", false}, {"n", nullptr}, {"s", ""}, {"a", nlohmann::json::array()},
                               {"t", true}, {"z", 0}, {"str", "x"}};
  EXPECT_EQ(render("{{#f}}F{{/f}}{{#n}}N{{/n}}{{#s}}S{{/s}}{{#a}}A{{/a}}{{#nope}}M{{/nope}}", data), "");
  EXPECT_EQ(render("{{^f}}F{{/f}}{{^n}}N{{/n}}{{^s}}S{{/s}}{{^a}}A{{/a}}{{^nope}}M{{/nope}}", data), "FNSAM");
  EXPECT_EQ(render("{{#t}}T{{/t}}{{#z}}Z{{/z}}{{#str}}[{{.}}]{{/str}}{{^t}}no{{/t}}", data), "TZ[x]");
}

TEST(Mustache, ListsRepeatTheirSectionWithEachItemInnermost) {
  const nlohmann::json data = {{"who", "outer"},
                               {"items", {{{"name", "a"}}, {{"name", "b"}, {"who", "inner"}}}},
                               {"tags", {"x", "<y>"}}};
  EXPECT_EQ(render("{{#items}}{{name}}:{{who}};{{/items}}", data), "a:outer;b:inner;");
  EXPECT_EQ(render("{{#tags}}<li>{{.}}</li>{{/tags}}", data), "<li>x</li><li>&lt;y&gt;</li>");
}

TEST(Mustache, DottedNamesSearchOutwardsOnlyForTheirFirstPart) {
  const nlohmann::json data = {{"t", {{"hello", "Hi"}}}, {"o", {{"t", {{"other", "x"}}}}}};
  EXPECT_EQ(render("{{t.hello}}|{{#o}}{{t.hello}}{{t.other}}{{/o}}|{{t.hello.deeper}}|{{ t.hello }}", data),
            "Hi|x||Hi");
}

TEST(Mustache, LaterContextsShadowEarlierOnes) {
  // The page renderer passes {data, locale layer}: the layer's lang wins over the data's.
  EXPECT_EQ(render("{{lang}} {{name}}", {{"lang", "en"}}, {{"lang", "evil"}, {"name", "n"}}), "en n");
}

TEST(Mustache, CommentsAndLiteralBracesPassThroughOrVanish) {
  EXPECT_EQ(render("a{{! a note }}b { } }}c", {}), "ab { } }}c");
}

TEST(Mustache, AcceptsTheShapesThePagesUse) {
  EXPECT_EQ(refusal("{{#a}}{{b}}{{^c}}{{.}}{{/c}}{{/a}}{{! note }}{{ t.x }}"), "<accepted>");
}

TEST(Mustache, RefusesUnsafeOrMalformedTemplatesNamingTheReason) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"{{{name}}}", "test.html: {{{name}}} writes a value without HTML escaping"},
      {"{{&name}}", "{{&name}} writes a value without HTML escaping"},
      {"{{=<% %>=}}", "changes the delimiters"},
      {"{{> header}}", "includes a partial"},
      {"{{#a}} never closed", "section {{#a}} is never closed"},
      {"{{/a}}", "closes a section that is not open"},
      {"{{#a}}{{#b}}{{/a}}{{/b}}", "{{/a}} closes a section while {{#b}} is open"},
      {"{{name", "never closed"},
      {"{{}}", "empty tag"},
      {"{{ }}", "empty tag"},
      {"{{#}}{{/}}", "opens a section without a name"},
      {"{{a..b}}", "is malformed"},
      {"{{a b}}", "is malformed"},
  };
  for (const auto& [text, reason] : cases) {
    const auto detail = refusal(text);
    EXPECT_NE(detail.find(reason), std::string::npos) << text << " → " << detail;
  }
}

TEST(Mustache, RefusesNestingDeeperThanSixteen) {
  std::string ok, deep;
  for (int i = 0; i < 16; ++i) ok = "{{#s}}" + ok + "{{/s}}";
  EXPECT_EQ(refusal(ok), "<accepted>");
  deep = "{{#s}}" + ok + "{{/s}}";
  EXPECT_NE(refusal(deep).find("deeper than 16"), std::string::npos);
}

}  // namespace
}  // namespace fapid::pages
