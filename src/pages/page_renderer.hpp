#pragma once
// The customer's pages (login, consent, messages) rendered from mustache templates in the customer's
// language. The templates, stylesheet and catalogues are built in; an operator may replace any of them.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "pages/locale_choice.hpp"
#include "pages/mustache.hpp"

namespace fapid::pages {

// What each page reads from `data` (all optional; every value is HTML-escaped):
//   every page: stylesheet_url (the <link> is left out without it)
//   "login":    action, id, csrf, client_name, login (the name typed before), error (text, role="alert")
//   "consent":  action, id, csrf, client_name, user_name, has_consent (bool); with a consent:
//               permissions [{name, description}], expiry (text; "no expiry" when absent); without one:
//               scopes [string]
//   "message":  title, message, hint, done (bool: an outcome rather than an error, role="status")
// and every page gets {{lang}} (the locale) and {{t.<key>}} (the locale's messages), which data cannot
// override.
class PageRenderer {
 public:
  // Built-in templates and messages, or those of `templates_dir` (login.html, consent.html, message.html,
  // style.css, messages/<locale>.json): a file there replaces the built-in one, a catalogue there replaces
  // the built-in strings it names. Read once; fails naming the file when one cannot be read, is larger
  // than 256 KiB, is a template MustacheTemplate::compile refuses, or is a catalogue that is not a JSON object
  // of strings. "" = built-in only.
  // `default_locale` "" means pt-BR.
  static Result<PageRenderer> load(const std::string& templates_dir, std::string default_locale);

  // `page` is "login", "consent" or "message" (anything else is a bug: std::invalid_argument). An
  // unsupported `locale` renders in the default one.
  std::string render(std::string_view page, std::string_view locale, const nlohmann::json& data) const;
  // The text of `key` in `locale`, else in the default locale, else `key` itself.
  std::string message(std::string_view locale, std::string_view key) const;
  // The plain description of an Open Finance Brasil permission ("permission.<NAME>"), else its name.
  std::string permission_description(std::string_view locale, std::string_view permission) const;

  const std::string& stylesheet() const { return stylesheet_; }
  const std::vector<std::string>& locales() const { return locales_; }  // "pt-BR", "en"
  const std::string& default_locale() const { return default_locale_; }

 private:
  using Strings = std::map<std::string, std::string, std::less<>>;
  PageRenderer() = default;

  const std::string& locale_or_default(std::string_view locale) const;
  const std::string* find_message(std::string_view locale, std::string_view key) const;
  std::string render_template(const MustacheTemplate& page, const std::string& locale, const nlohmann::json& data) const;

  std::map<std::string, MustacheTemplate, std::less<>> templates_;  // "login" → its template
  std::string stylesheet_;
  std::vector<std::string> locales_;
  std::map<std::string, Strings, std::less<>> catalogues_;  // locale → key → text
  std::map<std::string, nlohmann::json, std::less<>> locale_layers_;  // locale → {lang, t: catalogue}
  std::string default_locale_;
};

}  // namespace fapid::pages
