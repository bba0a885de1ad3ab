#pragma once
// application/x-www-form-urlencoded bodies and query strings (RFC 6749 Appendix B), decoded with
// Boost.URL under explicit limits. OAuth parameters MUST NOT repeat (RFC 6749 §3.1), so a repeated
// name is invalid_request rather than a silent first-wins/last-wins that two components could
// resolve differently.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace fapid::http {

struct FormLimits {
  std::size_t max_params = 64;
  std::size_t max_name_bytes = 256;
  std::size_t max_value_bytes = 64 * 1024;  // a request object fits; the body limit caps it anyway
};

struct Param {
  std::string name;   // decoded
  std::string value;  // decoded; empty for "name" without '='
};

// Parameters in the order received, names unique.
class Params {
 public:
  std::optional<std::string_view> get(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  const std::vector<Param>& items() const { return items_; }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }

 private:
  friend Result<Params> parse_urlencoded(std::string_view, const FormLimits&);
  std::vector<Param> items_;
};

// Decodes a form body: '+' is a space, percent-escapes must be valid, names and values must be
// UTF-8 without NUL. Empty segments ("a=1&&b=2", a trailing '&') are ignored.
Result<Params> parse_form(std::string_view body, const FormLimits& limits);
// The same rules for a query string (without the '?'): OAuth query parameters are form-encoded.
Result<Params> parse_query(std::string_view query, const FormLimits& limits);

// True for "application/x-www-form-urlencoded", any case, with or without parameters (charset=...).
bool is_form_content_type(std::string_view content_type);

// The form of a POST with an application/x-www-form-urlencoded body (RFC 6749 §3.2, RFC 9126 §2.1):
// invalid_request for another method, another content type or a malformed body.
struct Request;
Result<Params> read_form_post(const Request& req);

}  // namespace fapid::http
