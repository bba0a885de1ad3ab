#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace fapid::http {

namespace {

bool serves(const Route& r, Method m) {
  if (std::find(r.methods.begin(), r.methods.end(), m) != r.methods.end()) return true;
  return m == Method::head && std::find(r.methods.begin(), r.methods.end(), Method::get) != r.methods.end();
}

std::string allow_header(const Route& r) {
  std::string allow;
  auto append = [&](Method m) {
    if (!allow.empty()) allow += ", ";
    allow += to_string(m);
  };
  for (auto m : r.methods) {
    append(m);
    if (m == Method::get) append(Method::head);
  }
  return allow;
}

}  // namespace

void Router::add(Route route) {
  if (route.prefix) {
    if (route.path.empty() || route.path.back() != '/') throw std::logic_error("prefix route without '/': " + route.path);
    for (const auto& existing : prefix_routes_)
      if (existing.path == route.path && (existing.listener_mask & route.listener_mask))
        throw std::logic_error("duplicate route " + route.path);
    prefix_routes_.push_back(std::move(route));
    std::stable_sort(prefix_routes_.begin(), prefix_routes_.end(),
                     [](const Route& a, const Route& b) { return a.path.size() > b.path.size(); });
    return;
  }
  auto& slot = routes_[route.path];
  for (const auto& existing : slot)
    if (existing.listener_mask & route.listener_mask)
      throw std::logic_error("duplicate route " + route.path);
  slot.push_back(std::move(route));
}

const Route* Router::find(std::string_view path, Listener listener) const {
  const auto listens = [&](const Route& r) { return (r.listener_mask & static_cast<std::uint8_t>(listener)) != 0; };
  if (auto it = routes_.find(std::string(path)); it != routes_.end())
    for (const auto& r : it->second)
      if (listens(r)) return &r;
  for (const auto& r : prefix_routes_)
    if (listens(r) && path.size() > r.path.size() && path.substr(0, r.path.size()) == r.path) return &r;
  return nullptr;
}

Match Router::match(Method method, std::string_view path, Listener listener) const {
  const Route* r = find(path, listener);
  if (!r) return {nullptr, 404, {}};
  if (serves(*r, method)) return {r, 200, {}};
  return {nullptr, 405, allow_header(*r)};
}

}  // namespace fapid::http
