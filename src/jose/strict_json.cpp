#include "jose/strict_json.hpp"

#include <set>
#include <string>
#include <vector>

namespace fapid::jose {
namespace {

using json = nlohmann::json;

// A validating SAX pass: returning false stops the parser at once, so a 10k-deep document costs
// only `max_depth` frames (ATTACKS.md A13). The DOM is built afterwards from the accepted text.
class StrictValidator final : public nlohmann::json_sax<json> {
 public:
  explicit StrictValidator(std::size_t max_depth) : max_depth_(max_depth) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return false; }  // not JSON; unreachable from text input

  bool start_object(std::size_t) override {
    frames_.emplace_back();
    return frames_.size() <= max_depth_;
  }
  bool key(string_t& name) override { return frames_.back().insert(name).second; }
  bool end_object() override { frames_.pop_back(); return true; }
  bool start_array(std::size_t) override {
    frames_.emplace_back();  // arrays have no members; the frame only counts depth
    return frames_.size() <= max_depth_;
  }
  bool end_array() override { frames_.pop_back(); return true; }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::size_t max_depth_;
  std::vector<std::set<std::string>> frames_;  // member names seen, one set per open container
};

}  // namespace

std::optional<json> parse_strict_json(std::string_view text, std::size_t max_depth) {
  StrictValidator validator(max_depth);
  if (!json::sax_parse(text.begin(), text.end(), &validator, nlohmann::detail::input_format_t::json, true, false)) {
    return std::nullopt;
  }
  json value = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

}  // namespace fapid::jose
