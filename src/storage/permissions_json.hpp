#pragma once
// A consent's permissions as the JSON array text both adapters store (one column, order kept).
#include <optional>
#include <string>
#include <vector>

namespace fapid::storage {

std::string permissions_to_json(const std::vector<std::string>& permissions);
// Nothing when `json` is not an array of strings (a corrupt row: the adapter reports store_fault).
std::optional<std::vector<std::string>> permissions_from_json(const std::string& json);

}  // namespace fapid::storage
