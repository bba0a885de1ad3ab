#include "http/form.hpp"

#include <algorithm>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse_query.hpp>

#include "http/request.hpp"
#include "http/utf8.hpp"

namespace fapid::http {

namespace {

OAuthError bad(std::string description, std::string detail = {}) {
  return {ErrorCode::invalid_request, std::move(description), std::move(detail)};
}

}  // namespace

std::optional<std::string_view> Params::get(std::string_view name) const {
  for (const auto& p : items_)
    if (p.name == name) return std::string_view(p.value);
  return std::nullopt;
}

Result<Params> parse_urlencoded(std::string_view text, const FormLimits& limits) {
  Params out;
  if (text.empty()) return out;
  // Boost.URL validates the query grammar, including every percent-escape (RFC 3986 §3.4).
  // Boost 1.81's parse_query sizes its result with strlen(s.data()) (impl/parse_query.ipp), reading
  // past a view that is not NUL-terminated and taking in bytes beyond it; found by form_parser_fuzz.
  // A NUL-terminated copy makes strlen exact: a NUL byte fails the grammar before that point.
  const std::string terminated(text);
  auto parsed = boost::urls::parse_query(terminated);
  if (!parsed) return bad("malformed form encoding", parsed.error().message());
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;  // HTML form encoding: '+' is a space
  for (auto param : *parsed) {
    if (param.key.empty() && !param.has_value) continue;  // "a=1&&b=2" or a trailing '&'
    if (param.key.empty()) return bad("parameter without a name");
    if (out.items_.size() == limits.max_params) return bad("too many parameters");
    if (param.key.size() > limits.max_name_bytes) return bad("parameter name too long");
    if (param.value.size() > limits.max_value_bytes) return bad("parameter value too long");
    Param p{param.key.decode(opts), param.has_value ? param.value.decode(opts) : std::string()};
    if (!is_valid_utf8(p.name) || !is_valid_utf8(p.value) ||
        p.name.find('\0') != std::string::npos || p.value.find('\0') != std::string::npos)
      return bad("parameters must be UTF-8 text");
    // RFC 6749 §3.1: request and response parameters MUST NOT be included more than once.
    if (out.contains(p.name)) return bad("parameter included more than once: " + p.name);
    out.items_.push_back(std::move(p));
  }
  return out;
}

Result<Params> parse_form(std::string_view body, const FormLimits& limits) {
  return parse_urlencoded(body, limits);
}

Result<Params> parse_query(std::string_view query, const FormLimits& limits) {
  return parse_urlencoded(query, limits);
}

bool is_form_content_type(std::string_view content_type) {
  auto media = content_type.substr(0, content_type.find(';'));
  auto trimmed = boost::algorithm::trim_copy(std::string(media));
  return boost::algorithm::iequals(trimmed, "application/x-www-form-urlencoded");
}

Result<Params> read_form_post(const Request& req) {
  if (req.method != Method::post) return OAuthError(ErrorCode::invalid_request, "POST is required");
  const auto type = req.header("content-type");
  if (!type || !is_form_content_type(*type))
    return OAuthError(ErrorCode::invalid_request, "the body must be application/x-www-form-urlencoded");
  return parse_form(req.body, {});
}

}  // namespace fapid::http
