#pragma once
// Building responses. error() is the one place an OAuthError becomes an HTTP response (RFC 6749 §5.2).
// Headers every response carries (X-Request-Id, nosniff, HSTS, Content-Length) are set by the server.
#include <string>

#include "core/oauth_error.hpp"
#include "http/request.hpp"

namespace fapid::http {

enum class Cache {
  no_store,      // anything carrying or describing credentials (RFC 6749 §5.1): no-store + Pragma
  public_short,  // metadata and key sets: caches may keep them for five minutes
};

Response json(int status, std::string body, Cache cache);
Response text(int status, std::string body, std::string content_type, Cache cache);

// {"error": ..., "error_description": ...} with the error's status, never cached. The description
// keeps only the characters RFC 6749 §5.2 allows (%x20-21 / %x23-5B / %x5D-7E): no CR, LF, TAB,
// quote, backslash or non-ASCII (SPEC TK10). The private detail is never rendered.
Response error(const OAuthError& e);

// The description as it will be sent; exposed for tests and for the redirect renderers.
std::string sanitize_error_description(std::string_view description);

}  // namespace fapid::http
