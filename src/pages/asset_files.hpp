#pragma once
// Reading an operator's replacement templates and message catalogues, once at start-up.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace fapid::pages {

// A template or catalogue larger than this is a mistake (ours are a few KiB), not something to serve.
inline constexpr std::size_t kMaxAssetBytes = 256 * 1024;

// Message key → text, for one locale.
using Catalogue = std::map<std::string, std::string, std::less<>>;

// The start-up error for an asset; `where` names the file.
OAuthError asset_error(std::string_view where, std::string_view reason);

// The text of `dir`/`name`: nullopt when there is no such file (the built-in one applies), an error when it
// exists but is not a readable regular file of at most kMaxAssetBytes.
Result<std::optional<std::string>> read_override(const std::filesystem::path& dir, std::string_view name);

// A catalogue: a JSON object whose values are all strings. `origin` names the file in errors.
Result<Catalogue> parse_catalogue(std::string_view text, std::string_view origin);

}  // namespace fapid::pages
