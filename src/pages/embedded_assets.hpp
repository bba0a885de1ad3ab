#pragma once
// The built-in templates, stylesheet and message catalogues, compiled in by embed_assets.cmake.
#include <optional>
#include <span>
#include <string_view>

namespace fapid::pages {

struct EmbeddedAsset {
  std::string_view name;  // "login.html", "style.css", "messages/en.json": as under a templates_dir
  std::string_view text;
};

std::span<const EmbeddedAsset> embedded_assets();

inline std::optional<std::string_view> embedded_asset(std::string_view name) {
  for (const auto& a : embedded_assets())
    if (a.name == name) return a.text;
  return std::nullopt;
}

}  // namespace fapid::pages
