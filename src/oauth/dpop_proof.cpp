#include "oauth/dpop_proof.hpp"

#include <array>
#include <cmath>
#include <cstdint>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "jose/base64url.hpp"
#include "jose/embedded_key_jws.hpp"
#include "jose/strict_json.hpp"

namespace fapid::oauth {
namespace {

using json = nlohmann::json;
using std::chrono::system_clock;

OAuthError invalid(std::string_view what, std::string detail) {
  return {ErrorCode::invalid_dpop_proof, "DPoP proof: " + std::string(what), "DPoP: " + std::move(detail)};
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_unreserved(char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
int hex_value(char c) { return is_digit(c) ? c - '0' : lower(c) - 'a' + 10; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

// host [ ":" port ] without userinfo: reg-name or IP-literal, lower-cased; port 443 or empty dropped
// (RFC 3986 §6.2.3), any other port written without leading zeros.
std::optional<std::string> normalised_authority(std::string_view authority) {
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // IP-literal (RFC 3986 §3.2.2)
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
    for (char c : host.substr(1, host.size() - 2)) {
      if (!is_hex(c) && c != ':' && c != '.') return std::nullopt;
    }
  } else {
    if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    for (char c : host) {
      if (!is_unreserved(c)) return std::nullopt;  // also refuses userinfo ('@') and percent-encoding
    }
  }
  if (host.empty() || host == "[]") return std::nullopt;
  std::string out = lowered(host);
  if (port.empty()) return out;
  if (port.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : port) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  // Two appends rather than ":" + to_string(...): GCC 12 at -O3 reports a false -Wrestrict on the latter.
  if (value != 443) {
    out += ':';
    out += std::to_string(value);
  }
  return out;
}

// An empty path is "/" (RFC 3986 §6.2.3); percent-encoded unreserved characters are decoded and the
// hex digits of the others upper-cased (§6.2.2.1, §6.2.2.2). Dot segments are left alone.
std::optional<std::string> normalised_path(std::string_view path) {
  if (path.empty()) return "/";
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out += path[i];
      continue;
    }
    if (i + 2 >= path.size() || !is_hex(path[i + 1]) || !is_hex(path[i + 2])) return std::nullopt;
    char decoded = static_cast<char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
    if (is_unreserved(decoded)) {
      out += decoded;
    } else {
      out += {'%', upper(path[i + 1]), upper(path[i + 2])};
    }
    i += 2;
  }
  return out;
}

// RFC 9449 §4.3 step 9: the URL without query and fragment, normalised as RFC 3986 §6.2.2–6.2.3 say.
// nullopt unless an absolute https URL of printable ASCII with a host and no userinfo.
std::optional<std::string> normalised_htu(std::string_view url) {
  for (char c : url) {
    if (c <= 0x20 || c >= 0x7f) return std::nullopt;
  }
  url = url.substr(0, url.find('#'));
  url = url.substr(0, url.find('?'));
  constexpr std::string_view kScheme = "https://";
  if (url.size() < kScheme.size() || lowered(url.substr(0, kScheme.size())) != kScheme) return std::nullopt;
  url.remove_prefix(kScheme.size());
  std::size_t slash = url.find('/');
  auto authority = normalised_authority(url.substr(0, slash));
  if (!authority) return std::nullopt;
  auto path = normalised_path(slash == std::string_view::npos ? std::string_view{} : url.substr(slash));
  if (!path) return std::nullopt;
  return std::string(kScheme) + *authority + *path;
}

// A NumericDate (RFC 7519 §2) as a time point, to the millisecond. Bounded so the conversion cannot
// overflow system_clock's nanoseconds (which end in 2262); anything outside is no sane iat.
std::optional<system_clock::time_point> numeric_date(const json& value) {
  constexpr double kLatest = 8.0e9;  // year 2223
  if (!value.is_number()) return std::nullopt;
  double seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kLatest) return std::nullopt;
  auto millis = std::chrono::milliseconds(std::llround(seconds * 1000.0));
  return system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(millis));
}

const std::string* string_claim(const json& claims, const char* name) {
  auto it = claims.find(name);
  return it != claims.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// RFC 9449 §4.3 steps 2–7: one well-formed JWS, typ dpop+jwt, an allowed asymmetric alg, a public
// jwk that verifies the signature.
Result<jose::EmbeddedKeyJws> verified_jws(std::string_view proof) {
  static const std::vector<jose::Alg> kAllowed{jose::Alg::PS256, jose::Alg::ES256};
  auto jws = jose::verify_jws_with_embedded_jwk(proof, kAllowed, kMaxDpopProofBytes);
  if (!jws) return invalid(jws.error().description, jws.error().detail);
  auto header = jose::parse_strict_json(jws->header_json);
  if (!header) return invalid("malformed JWS", "header re-parse failed");  // verified above: unreachable
  auto typ = header->find("typ");
  if (typ == header->end() || !typ->is_string() || typ->get_ref<const std::string&>() != kDpopJwtType) {
    return invalid("typ must be dpop+jwt", "typ missing or not exactly dpop+jwt");
  }
  return jws;
}

struct Claims {
  std::string jti;
  std::string htm;
  std::string htu;
  system_clock::time_point iat;
  std::optional<std::string> ath;
  std::optional<std::string> nonce;
};

// RFC 9449 §4.2: jti, htm, htu and iat are required; ath and nonce are optional strings here.
Result<Claims> required_claims(std::string_view payload) {
  auto claims = jose::parse_strict_json(payload);
  if (!claims) return invalid("malformed JWS", "payload re-parse failed");  // verified above: unreachable
  const std::string* jti = string_claim(*claims, "jti");
  if (!jti || jti->empty() || jti->size() > kMaxDpopJtiBytes) {
    return invalid("jti missing or invalid", "jti is not a string of 1 to 256 octets");
  }
  const std::string* htm = string_claim(*claims, "htm");
  if (!htm) return invalid("htm missing or invalid", "htm is not a string");
  const std::string* htu = string_claim(*claims, "htu");
  if (!htu) return invalid("htu missing or invalid", "htu is not a string");
  auto iat_member = claims->find("iat");
  if (iat_member == claims->end()) return invalid("iat missing or invalid", "iat missing");
  auto iat = numeric_date(*iat_member);
  if (!iat) return invalid("iat missing or invalid", "iat is not a number in range");
  Claims out{*jti, *htm, *htu, *iat, std::nullopt, std::nullopt};
  for (auto [name, target] : {std::pair{"ath", &out.ath}, std::pair{"nonce", &out.nonce}}) {
    if (!claims->contains(name)) continue;
    const std::string* value = string_claim(*claims, name);
    if (!value) return invalid(std::string(name) + " is not a string", std::string(name) + " is not a string");
    *target = *value;
  }
  return out;
}

// RFC 9449 §4.3 steps 8, 9, 11, 12 and the iat window (SPEC CA5).
std::optional<OAuthError> mismatch(const Claims& claims, std::string_view jkt, const std::string& expected_htu,
                                   const DpopExpectation& expected) {
  if (claims.htm != http::to_string(expected.method) || expected.method == http::Method::other) {
    return invalid("htm does not match the request method", "htm differs from the request method");
  }
  auto htu = normalised_htu(claims.htu);
  if (!htu) return invalid("htu missing or invalid", "htu is not an absolute https URL");
  if (*htu != expected_htu) return invalid("htu does not match the request URL", "htu differs from " + expected_htu);
  if (claims.iat > expected.now + expected.max_future_skew) {
    return invalid("iat is in the future", "iat later than now + max_future_skew");
  }
  if (claims.iat < expected.now - expected.max_age) return invalid("iat is too old", "iat earlier than now - max_age");
  if (expected.access_token) {
    if (!claims.ath) return invalid("ath missing", "an access token was presented but the proof has no ath");
    if (!equal_constant_time(*claims.ath, dpop_access_token_hash(*expected.access_token))) {
      return invalid("ath does not match the access token", "ath is not the hash of the presented access token");
    }
  }
  if (expected.expected_jkt && jkt != *expected.expected_jkt) {
    return invalid("key does not match the bound key", "jwk thumbprint differs from the bound jkt");
  }
  return std::nullopt;
}

}  // namespace

std::string dpop_access_token_hash(std::string_view access_token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(access_token.data(), access_token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return {};  // never equal to a base64url hash: fails closed
  }
  return jose::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

Result<DpopProof> validate_dpop_proof(const std::vector<std::string_view>& header_values,
                                      const DpopExpectation& expected) {
  // RFC 9449 §4.3 step 1: exactly one DPoP HTTP request header field.
  if (header_values.size() != 1) {
    return invalid("exactly one DPoP header is required", std::to_string(header_values.size()) + " DPoP headers");
  }
  auto expected_htu = normalised_htu(expected.url);
  if (!expected_htu) return OAuthError(ErrorCode::server_error, "internal error", "DPoP: expected URL is not https");

  auto jws = verified_jws(header_values.front());
  if (!jws) return jws.error();
  auto claims = required_claims(jws->payload);
  if (!claims) return claims.error();
  if (auto error = mismatch(*claims, jws->jwk_thumbprint, *expected_htu, expected)) return std::move(*error);
  return DpopProof{std::move(jws->jwk_thumbprint), std::move(claims->jti), claims->iat, std::move(claims->nonce)};
}

}  // namespace fapid::oauth
