#pragma once
// Appends form-encoded parameters to a redirect URI's query or fragment (RFC 6749 §4.1.2 query,
// OIDC Core §3.3.2.5 fragment), keeping the URI's own query parameters (RFC 6749 §3.1.2).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fapid::http {

enum class UrlPart { query, fragment };

using ParamList = std::vector<std::pair<std::string, std::string>>;

std::string append_params(std::string_view url, UrlPart part, const ParamList& params);

// name=value&... with every byte outside RFC 3986's unreserved set percent-encoded: a query string, or
// an application/x-www-form-urlencoded body (RFC 6749 Appendix B).
std::string form_encode(const ParamList& params);

}  // namespace fapid::http
