#include "pages/page_renderer.hpp"

#include <array>
#include <filesystem>
#include <stdexcept>

#include "pages/asset_files.hpp"
#include "pages/embedded_assets.hpp"

namespace fapid::pages {
namespace {

constexpr std::array<std::string_view, 3> kPages = {"login", "consent", "message"};
constexpr std::array<std::string_view, 2> kLocales = {"pt-BR", "en"};  // the first is the default
constexpr std::string_view kPermissionPrefix = "permission.";

struct Asset {
  std::string text;
  std::string origin;  // the file it came from, for errors
};

// A built-in asset, or the operator's file of the same name when `dir` is set and has one.
Result<Asset> asset_text(const std::optional<std::filesystem::path>& dir, std::string_view name) {
  if (dir) {
    auto replaced = read_override(*dir, name);
    if (!replaced) return replaced.error();
    if (*replaced) return Asset{std::move(**replaced), (*dir / name).string()};
  }
  const auto builtin = embedded_asset(name);
  if (!builtin) return asset_error(name, "no built-in asset of that name");  // a build bug
  return Asset{std::string(*builtin), "built-in " + std::string(name)};
}

// The built-in catalogue of `locale`, overlaid with the operator's when `dir` has one.
Result<Catalogue> load_catalogue(const std::optional<std::filesystem::path>& dir, std::string_view locale) {
  const auto name = "messages/" + std::string(locale) + ".json";
  const auto builtin_text = embedded_asset(name);
  if (!builtin_text) return asset_error(name, "no built-in asset of that name");
  auto catalogue = parse_catalogue(*builtin_text, "built-in " + name);
  if (!catalogue || !dir) return catalogue;
  auto replaced = read_override(*dir, name);
  if (!replaced) return replaced.error();
  if (!*replaced) return catalogue;
  auto overlay = parse_catalogue(**replaced, (*dir / name).string());
  if (!overlay) return overlay.error();
  for (auto& [key, text] : *overlay) (*catalogue)[key] = std::move(text);
  return catalogue;
}

}  // namespace

Result<PageRenderer> PageRenderer::load(const std::string& templates_dir, std::string default_locale) {
  PageRenderer r;
  r.locales_.assign(kLocales.begin(), kLocales.end());
  r.default_locale_ = default_locale.empty() ? r.locales_.front() : match_locale(default_locale, r.locales_);
  if (r.default_locale_.empty())
    return asset_error("default locale", "\"" + default_locale + "\" is not one of pt-BR, en");

  std::optional<std::filesystem::path> dir;
  if (!templates_dir.empty()) {
    std::error_code ec;
    // A mistyped directory must not silently fall back to the built-in pages.
    if (!std::filesystem::is_directory(templates_dir, ec)) return asset_error(templates_dir, "not a directory");
    dir = templates_dir;
  }
  for (const auto page : kPages) {
    auto asset = asset_text(dir, std::string(page) + ".html");
    if (!asset) return asset.error();
    auto compiled = MustacheTemplate::compile(asset->text, asset->origin);
    if (!compiled) return compiled.error();
    r.templates_.emplace(page, std::move(*compiled));
  }
  auto css = asset_text(dir, "style.css");
  if (!css) return css.error();
  r.stylesheet_ = std::move(css->text);
  for (const auto& locale : r.locales_) {
    auto catalogue = load_catalogue(dir, locale);
    if (!catalogue) return catalogue.error();
    nlohmann::json layer = {{"lang", locale}, {"t", nlohmann::json::object()}};
    for (const auto& [key, text] : *catalogue) layer["t"][key] = text;
    r.locale_layers_.emplace(locale, std::move(layer));
    r.catalogues_.emplace(locale, std::move(*catalogue));
  }
  return r;
}

std::string PageRenderer::render(std::string_view page, std::string_view locale, const nlohmann::json& data) const {
  const auto found = templates_.find(page);
  if (found == templates_.end()) throw std::invalid_argument("no page named " + std::string(page));
  return render_template(found->second, locale_or_default(locale), data);
}

std::string PageRenderer::render_template(const MustacheTemplate& page, const std::string& locale,
                                          const nlohmann::json& data) const {
  // The locale's layer is searched before `data`, so data cannot override {{lang}} or {{t.*}}.
  return page.render({&data, &locale_layers_.at(locale)});
}

std::string PageRenderer::message(std::string_view locale, std::string_view key) const {
  const auto* text = find_message(locale, key);
  return text ? *text : std::string(key);
}

std::string PageRenderer::permission_description(std::string_view locale, std::string_view permission) const {
  const auto* text = find_message(locale, std::string(kPermissionPrefix) + std::string(permission));
  return text ? *text : std::string(permission);
}

const std::string* PageRenderer::find_message(std::string_view locale, std::string_view key) const {
  for (const auto* l : {&locale_or_default(locale), &default_locale_}) {
    const auto& catalogue = catalogues_.at(*l);
    if (const auto it = catalogue.find(key); it != catalogue.end()) return &it->second;
  }
  return nullptr;
}

const std::string& PageRenderer::locale_or_default(std::string_view locale) const {
  for (const auto& l : locales_)
    if (l == locale) return l;
  const auto matched = match_locale(locale, locales_);
  for (const auto& l : locales_)
    if (l == matched) return l;
  return default_locale_;
}

}  // namespace fapid::pages
