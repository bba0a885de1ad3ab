#pragma once
// Exact-path routing with per-route methods and listeners, plus prefix routes for resource paths that
// carry an identifier (/consents/{consentId}); the handler parses what follows the prefix. Unknown paths
// give 404, known paths with the wrong method 405 with Allow; a route not served on the connection's
// listener is unknown there.
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/request.hpp"

namespace fapid::http {

using Handler = std::function<Response(const Request&)>;

// Where a handler runs: on the network thread (CPU-only, no I/O, microseconds) or on the bounded
// worker pool (anything that may block: storage, outbound HTTP, heavy crypto).
enum class Execution { inline_, worker };

constexpr std::uint8_t listeners(std::initializer_list<Listener> ls) {
  std::uint8_t mask = 0;
  for (auto l : ls) mask |= static_cast<std::uint8_t>(l);
  return mask;
}

struct Route {
  std::string path;              // exact path, e.g. "/auth/.well-known/openid-configuration"
  std::vector<Method> methods;   // HEAD is implied by GET
  std::uint8_t listener_mask;    // which listeners serve it
  Execution execution;
  Handler handler;
  bool prefix = false;           // true: serves every longer path starting with `path` (which ends in '/')
};

struct Match {
  const Route* route = nullptr;  // null: no route; then status is 404 or 405
  int status = 200;
  std::string allow;             // for 405: the Allow header value
};

class Router {
 public:
  // Throws std::logic_error on a duplicate path/listener pair: a wiring bug caught at start-up.
  void add(Route route);
  Match match(Method method, std::string_view path, Listener listener) const;
  // Metrics label of a matched route, bounded cardinality ("unmatched" otherwise).
  static std::string_view label(const Match& m) { return m.route ? std::string_view(m.route->path) : "unmatched"; }

 private:
  const Route* find(std::string_view path, Listener listener) const;

  std::unordered_map<std::string, std::vector<Route>> routes_;
  std::vector<Route> prefix_routes_;  // longest first
};

}  // namespace fapid::http
