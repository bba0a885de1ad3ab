#include "http/response_headers.hpp"

#include <algorithm>

namespace fapid::http {

namespace {

bool safe(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

}  // namespace

std::size_t finalize(Response& r, const ResponseContext& ctx) {
  const auto before = r.headers.size();
  std::erase_if(r.headers, [](const Header& h) { return h.name.empty() || !safe(h.name) || !safe(h.value); });
  const auto dropped = before - r.headers.size();
  r.set("x-request-id", std::string(ctx.request_id));
  r.set("x-content-type-options", "nosniff");
  if (ctx.listener != Listener::ops) r.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  r.set("content-length", std::to_string(r.body.size()));
  if (ctx.close) r.set("connection", "close");
  if (ctx.head) r.body.clear();  // after Content-Length: HEAD reports the GET length (RFC 9110 §9.3.2)
  return dropped;
}

}  // namespace fapid::http
