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
  auto& slot = routes_[route.path];
  for (const auto& existing : slot)
    if (existing.listener_mask & route.listener_mask)
      throw std::logic_error("duplicate route " + route.path);
  slot.push_back(std::move(route));
}

Match Router::match(Method method, std::string_view path, Listener listener) const {
  auto it = routes_.find(std::string(path));
  if (it == routes_.end()) return {nullptr, 404, {}};
  for (const auto& r : it->second) {
    if (!(r.listener_mask & static_cast<std::uint8_t>(listener))) continue;
    if (serves(r, method)) return {&r, 200, {}};
    return {nullptr, 405, allow_header(r)};
  }
  return {nullptr, 404, {}};
}

}  // namespace fapid::http
