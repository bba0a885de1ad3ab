#include "storage/permissions_json.hpp"

#include <nlohmann/json.hpp>

namespace fapid::storage {

std::string permissions_to_json(const std::vector<std::string>& permissions) {
  return nlohmann::json(permissions).dump();
}

std::optional<std::vector<std::string>> permissions_from_json(const std::string& json) {
  const auto parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(parsed.size());
  for (const auto& item : parsed) {
    if (!item.is_string()) return std::nullopt;
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace fapid::storage
