#pragma once
#include <string_view>

namespace fapid::http {

// Well-formed UTF-8 per RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s);

}  // namespace fapid::http
