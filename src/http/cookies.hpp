#pragma once
// Reading the server's own cookies (RFC 6265 §5.4) strictly: only values this server sets (random
// base64url tokens) are accepted, so a tampered or oversized cookie reads as absent.
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace fapid::http {

inline constexpr std::size_t kMaxCookieValue = 64;

// The value of the first cookie named `name`: 1-64 characters of [A-Za-z0-9_-], else empty.
std::string cookie_value(const Request& req, std::string_view name);

// A host-only cookie for the whole origin: Secure, HttpOnly, SameSite=Lax (the pages that read it are
// reached by cross-site top-level redirects); `max_age` 0 deletes it.
std::string set_cookie(std::string_view name, std::string_view value, long max_age_seconds = -1);

}  // namespace fapid::http
