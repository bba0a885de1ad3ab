#include "storage/store_health.hpp"

#include "log/logger.hpp"

namespace fapid::storage {

StoreHealth::StoreHealth(std::vector<std::shared_ptr<Pingable>> stores) {
  for (auto& s : stores) {
    auto probe = std::make_unique<Probe>();
    probe->store = std::move(s);
    probes_.push_back(std::move(probe));
  }
}

void StoreHealth::check() {
  for (auto& probe : probes_) {
    const auto result = probe->store->ping();
    const bool up = result.has_value();
    if (probe->up.exchange(up) == up) continue;
    if (up) log::info("store_recovered", {{"store", probe->store->name()}});
    else log::warn("store_unreachable", {{"store", probe->store->name()}, {"reason", result.error().detail}});
  }
}

bool StoreHealth::ready() const {
  for (const auto& probe : probes_)
    if (!probe->up.load()) return false;
  return true;
}

}  // namespace fapid::storage
