#include "fapi/authorize/browser_binding.hpp"

#include <openssl/crypto.h>

#include "http/cookies.hpp"
#include "storage/token_hash.hpp"

namespace fapid::fapi {

namespace {

bool equal_secrets(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The scheme://host[:port] of a URL (what an Origin header carries).
std::string_view origin_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return url;
  return url.substr(0, url.find('/', scheme_end + 3));
}

}  // namespace

std::string browser_cookie_value(const http::Request& req) { return http::cookie_value(req, kBrowserCookie); }

BrowserBinding browser_binding(const Context& ctx, const http::Request& req) {
  if (auto existing = browser_cookie_value(req); !existing.empty()) return {std::move(existing), false};
  return {ctx.random().token(32), true};
}

std::string browser_cookie(const std::string& value) { return http::set_cookie(kBrowserCookie, value); }

bool is_same_browser_post(const Context& ctx, const http::Request& req, std::string_view browser_hash,
                          std::string_view expected_csrf, std::string_view presented_csrf) {
  // Browsers send Origin on every POST; when present it must be ours (a cross-site form post is refused
  // even before the token is compared).
  if (const auto origin = req.header("origin"); origin && *origin != origin_of(ctx.cfg.server.public_url)) return false;
  if (req.header("sec-fetch-site").value_or("same-origin") == "cross-site") return false;
  const auto cookie = browser_cookie_value(req);
  if (cookie.empty() || !equal_secrets(storage::hash_token(cookie), browser_hash)) return false;
  return equal_secrets(presented_csrf, expected_csrf);
}

}  // namespace fapid::fapi
