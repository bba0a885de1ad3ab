#include "pages/asset_files.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

#include <nlohmann/json.hpp>

namespace fapid::pages {

OAuthError asset_error(std::string_view where, std::string_view reason) {
  return {ErrorCode::server_error, "the page templates could not be loaded",
          "page templates: " + std::string(where) + ": " + std::string(reason)};
}

Result<std::optional<std::string>> read_override(const std::filesystem::path& dir, std::string_view name) {
  const auto path = dir / std::filesystem::path(std::string(name));
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) return std::optional<std::string>{};
  if (ec) return asset_error(path.string(), ec.message());
  if (status.type() != std::filesystem::file_type::regular) return asset_error(path.string(), "not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return asset_error(path.string(), "cannot be opened for reading");
  // Read one byte past the limit rather than trusting file_size(), which a growing file can outrun.
  std::string text(kMaxAssetBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return asset_error(path.string(), "read failed");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxAssetBytes)
    return asset_error(path.string(), "larger than " + std::to_string(kMaxAssetBytes) + " bytes");
  return std::optional<std::string>{std::move(text)};
}

Result<Catalogue> parse_catalogue(std::string_view text, std::string_view origin) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return asset_error(origin, "not valid JSON");
  if (!json.is_object()) return asset_error(origin, "not a JSON object of strings");
  Catalogue catalogue;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_string()) return asset_error(origin, "\"" + key + "\" is not a string");
    catalogue.emplace(key, value.get<std::string>());
  }
  return catalogue;
}

}  // namespace fapid::pages
