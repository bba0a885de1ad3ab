#include "http/url_builder.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace fapid::http {

namespace {

std::string encode(std::string_view s) { return boost::urls::encode(s, boost::urls::unreserved_chars); }

}  // namespace

std::string form_encode(const ParamList& params) {
  std::string encoded;
  for (const auto& [name, value] : params) {
    if (!encoded.empty()) encoded += '&';
    encoded += encode(name) + '=' + encode(value);
  }
  return encoded;
}

std::string append_params(std::string_view url, UrlPart part, const ParamList& params) {
  const std::string encoded = form_encode(params);
  std::string out(url);
  if (part == UrlPart::fragment) {
    // Registered redirect URIs carry no fragment (RFC 6749 §3.1.2), so ours is the only one.
    return out + '#' + encoded;
  }
  const auto hash = out.find('#');
  if (hash != std::string::npos) out.resize(hash);
  const bool has_query = out.find('?') != std::string::npos;
  if (!has_query) out += '?';
  else if (out.back() != '?' && out.back() != '&') out += '&';
  return out + encoded;
}

}  // namespace fapid::http
