#pragma once
// Headers every response carries, set in one place so no handler can forget them.
#include <string>

#include "http/request.hpp"

namespace fapid::http {

struct ResponseContext {
  std::string_view request_id;
  Listener listener;
  bool close;       // the connection closes after this response
  bool head;        // a HEAD request: same headers as GET, no body
};

// Adds X-Request-Id, X-Content-Type-Options, HSTS on TLS listeners (SPEC T4), Content-Length and
// Connection: close; drops any handler header whose name or value could split the response
// (CR, LF, NUL). Returns the number of dropped headers (a handler bug, logged by the caller).
std::size_t finalize(Response& r, const ResponseContext& ctx);

}  // namespace fapid::http
