#include "oauth/jwt_claims.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "jose/strict_json.hpp"

namespace fapid::oauth {

std::optional<JwtClaims> JwtClaims::parse(std::string_view payload) {
  auto json = jose::parse_strict_json(payload);
  if (!json || !json->is_object()) return std::nullopt;
  return JwtClaims(std::make_shared<const nlohmann::json>(std::move(*json)));
}

bool JwtClaims::has(std::string_view name) const { return json_->contains(name); }

std::optional<std::string> JwtClaims::string(std::string_view name) const {
  const auto it = json_->find(name);
  if (it == json_->end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::int64_t> JwtClaims::numeric_date(std::string_view name) const {
  const auto it = json_->find(name);
  if (it == json_->end() || !it->is_number()) return std::nullopt;
  // Far outside any plausible date: treat as malformed rather than overflow. Integers too: an unsigned
  // above INT64_MAX would otherwise wrap to a date in the past, and callers subtract dates.
  constexpr std::int64_t kMaxSeconds = 1'000'000'000'000;
  if (it->is_number_unsigned()) {
    const auto u = it->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(kMaxSeconds)) return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (it->is_number_integer()) {
    const auto i = it->get<std::int64_t>();
    if (i > kMaxSeconds || i < -kMaxSeconds) return std::nullopt;
    return i;
  }
  const double d = it->get<double>();
  if (!std::isfinite(d) || std::fabs(d) > 1e12) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(d));
}

bool JwtClaims::audience_is_one_of(const std::vector<std::string>& accepted, bool allow_array) const {
  const auto it = json_->find("aud");
  if (it == json_->end()) return false;
  auto ok = [&accepted](const nlohmann::json& v) {
    if (!v.is_string()) return false;
    const auto& s = v.get_ref<const std::string&>();
    for (const auto& a : accepted)
      if (s == a) return true;
    return false;
  };
  if (it->is_string()) return ok(*it);
  if (!allow_array || !it->is_array()) return false;
  for (const auto& v : *it)
    if (ok(v)) return true;
  return false;
}

std::int64_t to_unix_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::optional<std::string> check_exp(const JwtClaims& c, const TimeRules& t) {
  const auto exp = c.numeric_date("exp");
  if (!exp) return c.has("exp") ? "exp is not a number" : "exp missing";
  if (*exp <= to_unix_seconds(t.now)) return "expired";
  return std::nullopt;
}

std::optional<std::string> check_not_in_future(const JwtClaims& c, std::string_view name, bool required,
                                               const TimeRules& t) {
  const auto v = c.numeric_date(name);
  if (!v) {
    if (c.has(name)) return std::string(name) + " is not a number";
    if (required) return std::string(name) + " missing";
    return std::nullopt;
  }
  if (*v > to_unix_seconds(t.now) + t.max_future_skew.count()) return std::string(name) + " is in the future";
  return std::nullopt;
}

}  // namespace fapid::oauth
