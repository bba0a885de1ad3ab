#pragma once
// Minimal server-rendered HTML for pages the browser sees before a redirect URI is trusted (SPEC A4:
// an error page, never a redirect). Every page carries the anti-framing and no-cache headers (A16, A21).
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace fapid::http {

// Text with &, <, >, " and ' replaced by entities.
std::string html_escape(std::string_view text);

// A small, self-contained page (no scripts, no external resources), with
// Content-Security-Policy: default-src 'none'; frame-ancestors 'none' and X-Frame-Options: DENY,
// Referrer-Policy: no-referrer, Cache-Control: no-store.
Response html_page(int status, std::string_view title, std::string_view message, std::string_view detail = {});

}  // namespace fapid::http
