#pragma once
// URL rules of the configuration, on Boost.URL. Each check returns the problem as text (never the
// whole URL's secrets: URLs with user info are refused, so they cannot carry credentials), or nullopt.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace fapid::config {

// An absolute https URL with a host, no user info and no fragment (RFC 6749 §3.1.2: a redirection
// endpoint must not include a fragment). With `allow_loopback_http`, http is also accepted when the
// host is a loopback address or "localhost" (RFC 8252 §7.3; never for FAPI clients).
std::optional<std::string> check_url(std::string_view url, bool allow_loopback_http = false);

// A base URL that paths are appended to (publicUrl, mtlsUrl): check_url plus no query and no
// trailing slash, so "<base>/auth" is the issuer exactly.
std::optional<std::string> check_base_url(std::string_view url);

// An origin as browsers send it in `Origin` (RFC 6454 §6.1): https, host, optional port, nothing else.
// A single trailing "/" is tolerated; `normalized` receives the origin without it.
std::optional<std::string> check_origin(std::string_view url, std::string& normalized);

}  // namespace fapid::config

namespace fapid::config {

// A store URL (postgresql://user@host:port/db, redis://host:port/db): one of `schemes`, a host, and no
// password (it belongs in a mounted secret: a URL reaches process listings and logs).
std::optional<std::string> check_store_url(std::string_view url, std::initializer_list<std::string_view> schemes);

}  // namespace fapid::config
