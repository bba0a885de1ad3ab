#include "http/html.hpp"

#include "http/responses.hpp"

namespace fapid::http {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

Response html_page(int status, std::string_view title, std::string_view message, std::string_view detail) {
  std::string body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
                     "</title><style>body{font-family:sans-serif;max-width:40em;margin:4em auto;padding:0 1em}"
                     "code{background:#eee;padding:0 .2em}</style></head><body><h1>" +
                     html_escape(title) + "</h1><p>" + html_escape(message) + "</p>";
  if (!detail.empty()) body += "<p><code>" + html_escape(detail) + "</code></p>";
  body += "</body></html>\n";
  auto r = text(status, std::move(body), "text/html; charset=utf-8", Cache::no_store);
  r.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  r.set("x-frame-options", "DENY");
  r.set("referrer-policy", "no-referrer");
  return r;
}

}  // namespace fapid::http
