#include "app/user_fields.hpp"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

namespace fapid::app {

namespace {

using nlohmann::json;

OAuthError attributes_problem(std::string what) {
  return {ErrorCode::invalid_request, "attributes: " + std::move(what)};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of the UTF-8 sequence led by `b` and the range its second byte must lie in (RFC 3629 §4:
// no overlong forms, no surrogates, nothing above U+10FFFF); length 0 for a byte that leads nothing.
struct Utf8Lead {
  std::size_t length;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
};

Utf8Lead utf8_lead(unsigned char b) {
  if (b < 0x80) return {1};
  if (b >= 0xC2 && b <= 0xDF) return {2};
  if (b == 0xE0) return {3, 0xA0, 0xBF};
  if (b == 0xED) return {3, 0x80, 0x9F};
  if (b >= 0xE1 && b <= 0xEF) return {3};
  if (b == 0xF0) return {4, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {4};
  if (b == 0xF4) return {4, 0x80, 0x8F};
  return {0};
}

bool is_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = utf8_lead(static_cast<unsigned char>(s[i]));
    if (lead.length == 0 || s.size() - i < lead.length) return false;
    for (std::size_t k = 1; k < lead.length; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      const bool ok = k == 1 ? (c >= lead.lo && c <= lead.hi) : (c >= 0x80 && c <= 0xBF);
      if (!ok) return false;
    }
    i += lead.length;
  }
  return true;
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
  });
}

// One line of printable UTF-8 of 1..max bytes; the problem otherwise.
std::optional<std::string> text_problem(std::string_view value, std::size_t max) {
  if (value.empty()) return "must not be empty";
  if (value.size() > max) return "longer than " + std::to_string(max) + " bytes";
  if (!is_utf8(value)) return "not valid UTF-8";
  if (has_control(value)) return "contains a control character (a line break, a tab...)";
  if (value.front() == ' ' || value.back() == ' ') return "starts or ends with a space";
  return std::nullopt;
}

// A deliberately loose shape check: someone@some.domain, no spaces. Whether the mailbox exists is
// not ours to know.
std::optional<std::string> email_problem(std::string_view email) {
  if (auto p = text_problem(email, kMaxEmailBytes)) return p;
  if (email.find(' ') != std::string_view::npos) return "contains a space";
  const auto at = email.find('@');
  if (at == 0 || at == std::string_view::npos || at != email.rfind('@')) return "not of the form name@domain";
  const auto domain = email.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
    return "not of the form name@domain";
  return std::nullopt;
}

bool is_key_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

Result<std::string> serialised(const json& object) {
  auto text = object.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > kMaxAttributesBytes)
    return attributes_problem("longer than " + std::to_string(kMaxAttributesBytes) + " bytes");
  return text;
}

}  // namespace

bool is_valid_cpf(std::string_view document) {
  if (document.size() != 11 || !std::all_of(document.begin(), document.end(), is_digit)) return false;
  if (std::all_of(document.begin(), document.end(), [&](char c) { return c == document[0]; })) return false;
  // Check digit k (k = 9, 10) weighs the k digits before it by k+1 down to 2.
  for (std::size_t k = 9; k <= 10; ++k) {
    int sum = 0;
    for (std::size_t i = 0; i < k; ++i) sum += (document[i] - '0') * static_cast<int>(k + 1 - i);
    const int check = sum * 10 % 11 % 10;
    if (check != document[k] - '0') return false;
  }
  return true;
}

std::vector<std::string> field_problems(const UserFields& f) {
  std::vector<std::string> problems;
  if (auto p = text_problem(f.login, kMaxLoginBytes)) problems.push_back("login: " + *p);
  if (!is_valid_cpf(f.document))
    problems.push_back("document: not a valid CPF (11 digits without punctuation, with valid check digits)");
  if (auto p = text_problem(f.name, kMaxNameBytes)) problems.push_back("name: " + *p);
  if (auto p = email_problem(f.email)) problems.push_back("email: " + *p);
  return problems;
}

std::optional<std::string> imported_hash_problem(const users::PasswordHasher& hasher, std::string_view hash) {
  if (hash.empty()) return "password_hash: must not be empty";
  // Any verdict, match or mismatch, means the encoding was read; only an error means it was not.
  auto verdict = hasher.verify("fapid: does this hash parse?", hash);
  if (!verdict)
    return "password_hash: not an argon2, bcrypt or PBKDF2 encoding this server can check (" + verdict.error().detail + ")";
  return std::nullopt;
}

Result<std::string> attributes_from_json(std::string_view text) {
  if (text.empty()) return std::string("{}");
  if (text.size() > kMaxAttributesBytes)
    return attributes_problem("longer than " + std::to_string(kMaxAttributesBytes) + " bytes");
  const auto parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return attributes_problem("not valid JSON");
  if (!parsed.is_object()) return attributes_problem("not a JSON object");
  return serialised(parsed);
}

Result<std::string> attributes_from_pairs(const std::vector<std::string>& pairs) {
  json object = json::object();
  for (const auto& pair : pairs) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos) return attributes_problem("expected key=value or key:=JSON");
    std::string_view key(pair.data(), eq);
    const std::string_view value = std::string_view(pair).substr(eq + 1);
    const bool raw_json = !key.empty() && key.back() == ':';
    if (raw_json) key.remove_suffix(1);
    if (key.empty() || !std::all_of(key.begin(), key.end(), is_key_char))
      return attributes_problem("a key must be letters, digits, '_' or '-'");
    if (object.contains(key)) return attributes_problem("the key '" + std::string(key) + "' is given twice");
    if (raw_json) {
      auto parsed = json::parse(value, nullptr, /*allow_exceptions=*/false);
      if (parsed.is_discarded()) return attributes_problem("the value of '" + std::string(key) + "' is not valid JSON");
      object[std::string(key)] = std::move(parsed);
    } else {
      if (!is_utf8(value)) return attributes_problem("the value of '" + std::string(key) + "' is not valid UTF-8");
      object[std::string(key)] = std::string(value);
    }
  }
  return serialised(object);
}

}  // namespace fapid::app
