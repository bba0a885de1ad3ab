#include "config/url_rules.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace fapid::config {

namespace {

bool is_loopback_host(const boost::urls::url_view& u) {
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
      return u.host_ipv4_address().is_loopback();
    case boost::urls::host_type::ipv6:
      return u.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name: {
      const auto host = u.encoded_host();
      constexpr std::string_view kLocalhost = "localhost";
      if (host.size() != kLocalhost.size()) return false;
      for (std::size_t i = 0; i < host.size(); ++i)
        if ((host[i] | 0x20) != kLocalhost[i]) return false;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

std::optional<std::string> check_url(std::string_view url, bool allow_loopback_http) {
  const auto parsed = boost::urls::parse_uri(url);  // RFC 3986 URI: absolute, fragment allowed by grammar
  if (!parsed) return "not an absolute URL";
  const auto& u = *parsed;
  const bool https = u.scheme_id() == boost::urls::scheme::https;
  const bool http = u.scheme_id() == boost::urls::scheme::http;
  if (!https && !(http && allow_loopback_http)) return allow_loopback_http ? "not an https URL (http only for loopback hosts)" : "not an https URL";
  if (!u.has_authority() || u.encoded_host().empty()) return "URL has no host";
  if (http && !is_loopback_host(u)) return "http is allowed only for loopback hosts";
  if (u.has_userinfo()) return "URL must not contain user info";
  if (u.has_fragment()) return "URL must not have a fragment";
  return std::nullopt;
}

std::optional<std::string> check_base_url(std::string_view url) {
  if (auto problem = check_url(url)) return problem;
  const auto u = *boost::urls::parse_uri(url);
  if (u.has_query()) return "URL must not have a query";
  if (!u.encoded_path().empty() && u.encoded_path().back() == '/') return "URL must not end with '/'";
  return std::nullopt;
}

std::optional<std::string> check_origin(std::string_view url, std::string& normalized) {
  if (auto problem = check_url(url)) return problem;
  const auto u = *boost::urls::parse_uri(url);
  if (u.has_query()) return "an origin must not have a query";
  if (!u.encoded_path().empty() && u.encoded_path() != "/") return "an origin must not have a path";
  normalized = std::string(url.substr(0, url.size() - u.encoded_path().size()));
  return std::nullopt;
}

}  // namespace fapid::config

namespace fapid::config {

std::optional<std::string> check_store_url(std::string_view url, std::initializer_list<std::string_view> schemes) {
  const auto parsed = boost::urls::parse_uri(url);
  std::string expected;
  for (const auto s : schemes) expected += (expected.empty() ? "" : " or ") + std::string(s) + "://";
  if (!parsed) return "not a URL (expected " + expected + "host...)";
  bool known = false;
  for (const auto s : schemes) known = known || parsed->scheme() == s;
  if (!known) return "expected a URL starting with " + expected;
  if (!parsed->has_authority() || parsed->encoded_host().empty()) return "URL has no host";
  if (parsed->has_password()) return "URL must not contain a password (use passwordSecretName/passwordSecretKey)";
  if (parsed->has_fragment()) return "URL must not contain a fragment";
  return std::nullopt;
}

}  // namespace fapid::config
