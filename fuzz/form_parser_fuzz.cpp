// libFuzzer target: the form/query decoder (ATTACKS.md fuzz target 2). Oracle beyond "no crash, no UB":
// an accepted input yields unique, valid-UTF-8, NUL-free names and values within the limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "http/form.hpp"
#include "http/utf8.hpp"

namespace {

void check(const fapid::Result<fapid::http::Params>& r, const fapid::http::FormLimits& limits) {
  if (!r) {
    if (r.error().code != fapid::ErrorCode::invalid_request) std::abort();
    return;
  }
  std::set<std::string_view> names;
  if (r->size() > limits.max_params) std::abort();
  for (const auto& p : r->items()) {
    if (p.name.empty() || !names.insert(p.name).second) std::abort();
    if (!fapid::http::is_valid_utf8(p.name) || !fapid::http::is_valid_utf8(p.value)) std::abort();
    if (p.name.find('\0') != std::string::npos || p.value.find('\0') != std::string::npos) std::abort();
    if (p.name.size() > limits.max_name_bytes || p.value.size() > limits.max_value_bytes) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const fapid::http::FormLimits defaults{};
  const fapid::http::FormLimits tight{.max_params = 4, .max_name_bytes = 8, .max_value_bytes = 16};
  check(fapid::http::parse_form(input, defaults), defaults);
  check(fapid::http::parse_query(input, tight), tight);
  (void)fapid::http::is_form_content_type(input);
  return 0;
}
