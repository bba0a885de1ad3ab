#pragma once
// Outbound HTTPS: how the server talks to an external IdP (discovery, JWKS, token endpoint). Blocking,
// so callers run it on the worker pool, never on a network thread (DESIGN.md, Request pipeline); every
// call is bounded by one deadline covering resolve, connect, handshake, write and read, and by a
// response size limit, so a slow or hostile peer costs at most that. The peer's certificate is checked
// against the configured trust anchors and the URL's host name (or IP address).
// Beast, Asio and OpenSSL stay out of this header.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace fapid::http {

struct OutboundRequest {
  enum class Method { get, post } method = Method::get;
  std::string url;           // https only
  std::string content_type;  // of `body`, for POST
  std::string body;
};

struct OutboundResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct OutboundOptions {
  std::string ca_file;  // PEM trust anchors; empty: the system's store
  std::chrono::milliseconds timeout{5000};
  std::size_t max_response_bytes = 256 * 1024;
};

// A small interface at an I/O boundary (STYLE.md): one implementation, and fakes in unit tests.
class HttpsClient {
 public:
  virtual ~HttpsClient() = default;
  // Errors are ErrorCode::temporarily_unavailable (the peer cannot be reached, is too slow, sends too
  // much or not HTTP); the detail says which, for the log. Any HTTP status is a response, not an error.
  virtual Result<OutboundResponse> send(const OutboundRequest& request) const = 0;
};

// Fails (ErrorCode::server_error, detail naming the file) when the trust anchors cannot be loaded.
Result<std::shared_ptr<const HttpsClient>> make_https_client(const OutboundOptions& options);

}  // namespace fapid::http
