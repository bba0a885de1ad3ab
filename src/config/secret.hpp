#pragma once
// A secret value that cannot be printed or logged by accident: no stream operator, no implicit
// conversion; comparison is constant-time.
#include <string>
#include <string_view>

namespace fapid::config {

class Secret {
 public:
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret& operator=(const Secret&) = default;
  ~Secret();  // wipes the bytes (OPENSSL_cleanse)

  // The one way to read it, named so every use is easy to audit.
  std::string_view reveal() const { return value_; }
  bool equals(std::string_view candidate) const;  // CRYPTO_memcmp over equal lengths

 private:
  std::string value_;
};

}  // namespace fapid::config
