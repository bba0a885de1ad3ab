#pragma once
// Binds an interaction to the browser that started it (SPEC A21): /authorize sets a random cookie, and
// the login and consent forms are accepted only with that cookie, the interaction's CSRF token, and no
// foreign Origin. A stolen interaction link is useless in another browser, and another site cannot
// post the forms.
#include <string>
#include <string_view>

#include "fapi/context.hpp"
#include "http/request.hpp"

namespace fapid::fapi {

inline constexpr std::string_view kBrowserCookie = "__Host-fapid-browser";

struct BrowserBinding {
  std::string value;
  bool is_new = false;  // set it on the response
};

// The browser's existing binding (so interactions in several tabs coexist), or a new one.
BrowserBinding browser_binding(const Context& ctx, const http::Request& req);
// Secure, HttpOnly, SameSite=Lax (the interaction page is reached by a cross-site redirect), host-only.
std::string browser_cookie(const std::string& value);
// The cookie's value in this request, or empty.
std::string browser_cookie_value(const http::Request& req);

// True when the form post comes from this server's own page in the browser the interaction belongs to.
bool is_same_browser_post(const Context& ctx, const http::Request& req, std::string_view browser_hash,
                          std::string_view expected_csrf, std::string_view presented_csrf);

}  // namespace fapid::fapi
