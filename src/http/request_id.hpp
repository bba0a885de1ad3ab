#pragma once
// Request ids: a random per-process prefix and a counter. Unique across instances and restarts without
// a random draw per request; the client's own X-Request-Id is never trusted (it could forge log lines).
#include <atomic>
#include <cstdint>
#include <string>

namespace fapid::http {

class RequestIds {
 public:
  RequestIds();  // draws the prefix from OpenSSL's CSPRNG
  std::string next();  // 32 lower-case hex digits

 private:
  std::string prefix_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace fapid::http
