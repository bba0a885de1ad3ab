#pragma once
// Which of the supported locales a customer's browser or the client asks for.
#include <string>
#include <string_view>
#include <vector>

namespace fapid::pages {

// The locale to show: the first of `ui_locales` (space-separated BCP 47 tags, OIDC Core §3.1.2.1) that is
// supported, else the best match of Accept-Language (RFC 9110 §12.5.4: q-values honoured, q=0 refused,
// "*" means the fallback), else `fallback`. Malformed tags and ranges are skipped, never an error.
std::string choose_locale(std::string_view ui_locales, std::string_view accept_language,
                          const std::vector<std::string>& supported, const std::string& fallback);

// The supported locale `tag` names: the same tag ignoring case ("pt-br" → "pt-BR"), else the first with
// the same primary language ("pt", "pt-PT" → "pt-BR"; "en-US" → "en"); empty when none or malformed.
std::string match_locale(std::string_view tag, const std::vector<std::string>& supported);

}  // namespace fapid::pages
