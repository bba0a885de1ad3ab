#include "config/jwks_json.hpp"

#include <array>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

namespace fapid::config {

namespace {

struct StrictJsonError {
  std::string message;
};

// nlohmann accepts duplicate member names (last wins); two "kid"s or two "keys" arrays would let a
// reader and a validator disagree, so duplicates are refused.
std::optional<nlohmann::json> parse_strict(std::string_view text, std::string& error) {
  std::vector<std::set<std::string>> members;  // one set per open object
  auto callback = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (depth > kMaxJwksDepth) throw StrictJsonError{"JSON nested deeper than " + std::to_string(kMaxJwksDepth)};
    if (event == Event::object_start) members.emplace_back();
    if (event == Event::object_end && !members.empty()) members.pop_back();
    if (event == Event::key && !members.empty() && !members.back().insert(parsed.get<std::string>()).second)
      throw StrictJsonError{"duplicate JSON member name \"" + parsed.get<std::string>() + "\""};
    return true;
  };
  try {
    return nlohmann::json::parse(text.begin(), text.end(), callback);
  } catch (const StrictJsonError& e) {
    error = e.message;
  } catch (const nlohmann::json::exception& e) {
    error = std::string("invalid JSON: ") + e.what();
  }
  return std::nullopt;
}

}  // namespace

JwksCheck check_jwks(const nlohmann::json& jwks) {
  static constexpr std::array<std::string_view, 7> kPrivateMembers{"d", "p", "q", "dp", "dq", "qi", "k"};
  JwksCheck result;
  if (!jwks.is_object()) {
    result.error = "JWKS must be a JSON object";
    return result;
  }
  const auto keys = jwks.find("keys");
  if (keys == jwks.end() || !keys->is_array() || keys->empty()) {
    result.error = "JWKS must have a non-empty \"keys\" array";
    return result;
  }
  std::set<std::string> kids;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const auto& key = (*keys)[i];
    const std::string where = "keys[" + std::to_string(i) + "]";
    if (!key.is_object()) {
      result.error = where + " is not an object";
      return result;
    }
    for (const char* member : {"kty", "kid"}) {
      const auto it = key.find(member);
      if (it == key.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        result.error = where + " has no \"" + member + "\" string";
        return result;
      }
    }
    // RFC 7517 §4.5: a verifier picks the key by kid, so two keys with one kid would be ambiguous.
    if (!kids.insert(key.at("kid").get<std::string>()).second) {
      result.error = where + " repeats the kid of an earlier key";
      return result;
    }
    for (const auto member : kPrivateMembers) {
      if (key.contains(std::string(member))) {
        result.error = where + " contains the private member \"" + std::string(member) + "\"";
        return result;
      }
    }
  }
  try {
    result.compact = jwks.dump();  // throws on invalid UTF-8 (possible in values converted from YAML)
  } catch (const nlohmann::json::exception&) {
    result.error = "JWKS contains a string that is not valid UTF-8";
  }
  return result;
}

JwksCheck jwks_from_text(std::string_view text) {
  std::string error;
  auto parsed = parse_strict(text, error);
  if (!parsed) return JwksCheck{{}, std::move(error)};
  return check_jwks(*parsed);
}

}  // namespace fapid::config
