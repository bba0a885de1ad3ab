#include "jose/jwk_thumbprint.hpp"

#include <array>
#include <span>

#include <openssl/evp.h>

#include "jose/base64url.hpp"
#include "jose/strict_json.hpp"

namespace fapid::jose {
namespace {

// RFC 7638 §3.2: the required members of each key type (RFC 7518 §6.2.1, §6.3.1), sorted by name.
constexpr std::array<const char*, 3> kRsaMembers = {"e", "kty", "n"};
constexpr std::array<const char*, 4> kEcMembers = {"crv", "kty", "x", "y"};

}  // namespace

std::optional<std::string> jwk_thumbprint_sha256(std::string_view public_jwk_json) {
  auto jwk = parse_strict_json(public_jwk_json);
  if (!jwk || !jwk->is_object()) return std::nullopt;
  auto kty = jwk->find("kty");
  if (kty == jwk->end() || !kty->is_string()) return std::nullopt;

  std::span<const char* const> required;
  if (*kty == "RSA") {
    required = kRsaMembers;
  } else if (*kty == "EC") {
    required = kEcMembers;
  } else {
    return std::nullopt;
  }
  // ordered_json keeps insertion order; dump() without indent writes no whitespace and escapes only
  // what JSON requires (RFC 7638 §3.3). The text came through the strict parser, so it is valid UTF-8.
  nlohmann::ordered_json canonical = nlohmann::ordered_json::object();
  for (const char* name : required) {
    auto member = jwk->find(name);
    if (member == jwk->end() || !member->is_string()) return std::nullopt;
    canonical[name] = member->get<std::string>();
  }
  const std::string text = canonical.dump();

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) return std::nullopt;
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

}  // namespace fapid::jose
