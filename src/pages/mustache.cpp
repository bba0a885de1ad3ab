#include "pages/mustache.hpp"

#include <optional>

#include "pages/asset_files.hpp"

namespace fapid::pages {

namespace {

using Node = MustacheTemplate::Node;
constexpr std::size_t kMaxDepth = 16;

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string quoted(std::string_view tag) { return "{{" + std::string(tag) + "}}"; }

// "a.b" → {"a", "b"}; "." → {}; nullopt for names with empty parts or characters no page key has.
std::optional<std::vector<std::string>> split_name(std::string_view name) {
  if (name == ".") return std::vector<std::string>{};
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = name.find('.', start);
    const auto part = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part.empty()) return std::nullopt;
    for (const char c : part)
      if (c == '{' || c == '}' || c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::nullopt;
    parts.emplace_back(part);
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

// The parser's state: the node lists of the sections entered, innermost last.
struct Parser {
  std::vector<std::vector<Node>*> lists;
  std::vector<Node*> sections;

  std::optional<std::string> add(std::string_view tag) {
    if (tag.empty()) return "empty tag {{}}";
    const char kind = tag.front();
    const auto name = trim(kind == '#' || kind == '^' || kind == '/' || kind == '!' ? tag.substr(1) : tag);
    switch (kind) {
      case '{':
        return "{{" + std::string(tag) + "}}} writes a value without HTML escaping";
      case '&':
        return quoted(tag) + " writes a value without HTML escaping";
      case '=':
        return quoted(tag) + " changes the delimiters, which is not supported";
      case '>':
        return quoted(tag) + " includes a partial, which is not supported";
      case '!':
        return std::nullopt;
      case '/':
        if (sections.empty()) return quoted(tag) + " closes a section that is not open";
        if (sections.back()->text != name)
          return quoted(tag) + " closes a section while {{#" + sections.back()->text + "}} is open";
        sections.pop_back();
        lists.pop_back();
        return std::nullopt;
      default:
        break;
    }
    if (name.empty()) return (kind == '#' || kind == '^' ? quoted(tag) + " opens a section without a name" : "empty tag " + quoted(tag));
    auto path = split_name(name);
    if (!path) return quoted(tag) + " is malformed";
    Node node;
    node.kind = kind == '#' ? Node::Kind::section : kind == '^' ? Node::Kind::inverted : Node::Kind::value;
    node.text = std::string(name);
    node.path = std::move(*path);
    auto& list = *lists.back();
    list.push_back(std::move(node));
    if (list.back().kind != Node::Kind::value) {
      if (sections.size() == kMaxDepth) return quoted(tag) + " nests sections deeper than 16";
      sections.push_back(&list.back());
      lists.push_back(&list.back().children);
    }
    return std::nullopt;
  }
};

bool truthy(const nlohmann::json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array()) return !v.empty();
  return true;
}

const nlohmann::json& null_json() {
  static const nlohmann::json kNull;
  return kNull;
}

class Renderer {
 public:
  Renderer(const std::vector<const nlohmann::json*>& contexts, std::string& out)
      : stack_(contexts.begin(), contexts.end()), out_(out) {}

  void render(const std::vector<Node>& nodes) {
    for (const auto& node : nodes) {
      switch (node.kind) {
        case Node::Kind::text:
          out_ += node.text;
          break;
        case Node::Kind::value:
          write(lookup(node.path));
          break;
        case Node::Kind::inverted:
          if (!truthy(lookup(node.path))) render(node.children);
          break;
        case Node::Kind::section:
          section(node, lookup(node.path));
          break;
      }
    }
  }

 private:
  void section(const Node& node, const nlohmann::json& value) {
    if (!truthy(value)) return;
    if (value.is_array()) {
      for (const auto& item : value) enter(node, item);
    } else {
      enter(node, value);
    }
  }

  void enter(const Node& node, const nlohmann::json& context) {
    stack_.push_back(&context);
    render(node.children);
    stack_.pop_back();
  }

  const nlohmann::json& lookup(const std::vector<std::string>& path) const {
    if (stack_.empty()) return null_json();
    if (path.empty()) return *stack_.back();
    const nlohmann::json* found = nullptr;
    for (auto it = stack_.rbegin(); it != stack_.rend() && !found; ++it) {
      if (!(*it)->is_object()) continue;
      if (const auto member = (*it)->find(path.front()); member != (*it)->end()) found = &*member;
    }
    // Only the first part searches outwards: "a.b" with no b in the nearest a is missing.
    for (std::size_t i = 1; found && i < path.size(); ++i) {
      const auto member = found->is_object() ? found->find(path[i]) : found->end();
      found = found->is_object() && member != found->end() ? &*member : nullptr;
    }
    return found ? *found : null_json();
  }

  void write(const nlohmann::json& value) {
    if (value.is_string()) {
      out_ += escape_html(value.get_ref<const std::string&>());
    } else if (value.is_number() || value.is_boolean()) {
      out_ += value.dump();
    }
  }

  std::vector<const nlohmann::json*> stack_;
  std::string& out_;
};

}  // namespace

Result<MustacheTemplate> MustacheTemplate::compile(std::string_view text, std::string_view origin) {
  MustacheTemplate t;
  Parser parser;
  parser.lists.push_back(&t.nodes_);
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find("{{", at);
    const auto literal = text.substr(at, open == std::string_view::npos ? std::string_view::npos : open - at);
    if (!literal.empty()) {
      Node node;
      node.text = std::string(literal);
      parser.lists.back()->push_back(std::move(node));
    }
    if (open == std::string_view::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return asset_error(origin, "a tag opened with {{ is never closed");
    if (auto problem = parser.add(text.substr(open + 2, close - open - 2))) return asset_error(origin, *problem);
    at = close + 2;
  }
  if (!parser.sections.empty())
    return asset_error(origin, "section {{#" + parser.sections.back()->text + "}} is never closed");
  return t;
}

std::string MustacheTemplate::render(const std::vector<const nlohmann::json*>& contexts) const {
  std::string out;
  Renderer(contexts, out).render(nodes_);
  return out;
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '`': out += "&#96;"; break;
      case '=': out += "&#61;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace fapid::pages
