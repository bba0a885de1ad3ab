#pragma once
// The subset of mustache the customer's pages need, rendered straight from nlohmann::json: escaped values
// ({{name}}, {{a.b}}, {{.}}), sections ({{#name}}…{{/name}}), inverted sections ({{^name}}…{{/name}})
// and comments ({{! … }}). Written here rather than taken from a package because Debian's only mustache
// library (mstch) pins Boost 1.74, and because what the pages must never do, write a value unescaped, is
// simplest to guarantee in a renderer that cannot.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace fapid::pages {

class MustacheTemplate {
 public:
  // Parses `text` once. Refused, with the reason and `origin` in the error: unescaped output ({{{x}}},
  // {{&x}}: every value on these pages may come from a client or a customer), changed delimiters,
  // partials, empty or unterminated tags, sections not closed in order, nesting deeper than 16.
  static Result<MustacheTemplate> compile(std::string_view text, std::string_view origin);

  // Names are looked up from the innermost context outwards: the section values entered, then each of
  // `contexts` from last to first. A dotted name resolves its first part that way and the rest inside
  // it. Values are HTML-escaped; numbers print as JSON; null, false, "", [] and missing names are false
  // in sections and print nothing.
  std::string render(const std::vector<const nlohmann::json*>& contexts) const;

  struct Node {
    enum class Kind { text, value, section, inverted };
    Kind kind = Kind::text;
    std::string text;               // literal text, or the tag's name as written
    std::vector<std::string> path;  // the name split at dots; empty for "."
    std::vector<Node> children;     // sections only
  };

 private:
  std::vector<Node> nodes_;
};

// `text` with & < > " ' ` = replaced by character references, safe in element content and quoted attributes.
std::string escape_html(std::string_view text);

}  // namespace fapid::pages
