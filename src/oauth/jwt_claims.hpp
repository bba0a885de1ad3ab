#pragma once
// The claims of a JWT we received (client assertion, request object), read strictly: the payload was
// already verified as a strict JSON object by jose::verify_jws; here each claim is read with its type
// checked, so a number where a string belongs is a missing claim, never a coerced one.
#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapid::oauth {

using TimePoint = std::chrono::system_clock::time_point;

class JwtClaims {
 public:
  // nullopt unless `payload` is a strict JSON object (no duplicate members).
  static std::optional<JwtClaims> parse(std::string_view payload);

  bool has(std::string_view name) const;
  // The value if present and a string; nullopt otherwise.
  std::optional<std::string> string(std::string_view name) const;
  // A NumericDate (RFC 7519 §2) as whole seconds if present and a number within ±10^12 s; nullopt otherwise.
  std::optional<std::int64_t> numeric_date(std::string_view name) const;
  // `aud` equals one of `accepted` as a string, or (when allow_array) is an array holding one of them.
  bool audience_is_one_of(const std::vector<std::string>& accepted, bool allow_array) const;
  const nlohmann::json& json() const { return *json_; }

 private:
  explicit JwtClaims(std::shared_ptr<const nlohmann::json> json) : json_(std::move(json)) {}
  std::shared_ptr<const nlohmann::json> json_;
};

std::int64_t to_unix_seconds(TimePoint t);

// Time rules shared by every JWT the server receives (SPEC CA5, R2, RFC 7519 §4.1.4-6). Each returns the
// problem for the log, or nullopt when the rule holds.
struct TimeRules {
  TimePoint now;
  std::chrono::seconds max_future_skew;  // iat/nbf up to now + skew are accepted
};
// `exp` present and after now (minus nothing: an expired JWT is expired).
std::optional<std::string> check_exp(const JwtClaims& c, const TimeRules& t);
// `name` (iat or nbf), when present, not later than now + skew; `required` makes absence a problem too.
std::optional<std::string> check_not_in_future(const JwtClaims& c, std::string_view name, bool required, const TimeRules& t);

}  // namespace fapid::oauth
