#include "jose/jwk.hpp"

#include <array>
#include <string_view>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include "jose/alg.hpp"
#include "jose/base64url.hpp"
#include "jose/jws_signature.hpp"

namespace fapid::jose {
namespace {

using json = nlohmann::json;

constexpr std::size_t kP256CoordinateBytes = 32;
constexpr int kMaxRsaModulusBytes = 8192 / 8;
constexpr int kMaxRsaExponentBytes = 8;
// RFC 7517 §4, RFC 7518 §6.2.2, §6.3.2, §6.4: members that make a JWK private or symmetric.
constexpr std::array<std::string_view, 8> kPrivateMembers = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};

std::string bn_bytes(const BIGNUM* bn, int pad_to = 0) {
  int len = pad_to > 0 ? pad_to : BN_num_bytes(bn);
  std::string out(static_cast<std::size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  if (pad_to > 0 ? BN_bn2binpad(bn, p, pad_to) != pad_to : BN_bn2bin(bn, p) != len) return {};
  return out;
}

std::optional<std::string> bn_param_b64(EVP_PKEY* key, const char* name, int pad_to = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) return std::nullopt;
  OsslPtr<BIGNUM> bn(raw);
  std::string bytes = bn_bytes(bn.get(), pad_to);
  if (bytes.empty()) return std::nullopt;
  return base64url_encode(bytes);
}

// A string member that is required (`required`) or optional; "" in `error` means fine.
std::optional<std::string> string_member(const json& jwk, const char* name, bool required, std::string& error) {
  auto it = jwk.find(name);
  if (it == jwk.end()) {
    if (required) error = std::string("missing \"") + name + "\"";
    return std::nullopt;
  }
  if (!it->is_string()) {
    error = std::string("\"") + name + "\" is not a string";
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<std::string> b64_member(const json& jwk, const char* name, std::string& error) {
  auto text = string_member(jwk, name, true, error);
  if (!text) return std::nullopt;
  auto bytes = base64url_decode(*text);
  if (!bytes || bytes->empty()) {
    error = std::string("\"") + name + "\" is not base64url";
    return std::nullopt;
  }
  return bytes;
}

OsslPtr<EVP_PKEY> from_params(const char* type, OSSL_PARAM_BLD* bld) {
  OsslPtr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
  OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  OsslPtr<EVP_PKEY> key(raw);
  // Is the modulus odd and the exponent sane; is the point on the curve and not the identity?
  OsslPtr<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

OsslPtr<EVP_PKEY> rsa_from_jwk(const json& jwk, std::string& error) {
  auto n = b64_member(jwk, "n", error);
  if (!n) return nullptr;
  auto e = b64_member(jwk, "e", error);
  if (!e) return nullptr;
  if (n->size() > static_cast<std::size_t>(kMaxRsaModulusBytes) + 1 || e->size() > kMaxRsaExponentBytes) {
    error = "RSA key too large";
    return nullptr;
  }
  auto as_uchar = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  OsslPtr<BIGNUM> bn_n(BN_bin2bn(as_uchar(*n), static_cast<int>(n->size()), nullptr));
  OsslPtr<BIGNUM> bn_e(BN_bin2bn(as_uchar(*e), static_cast<int>(e->size()), nullptr));
  OsslPtr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    error = "RSA key could not be built";
    return nullptr;
  }
  auto key = from_params("RSA", bld.get());
  if (!key) {
    error = "RSA key rejected by OpenSSL";
  } else if (!key_fits_alg(key.get(), Alg::PS256)) {
    error = "RSA key shorter than 2048 or longer than 8192 bits";
    return nullptr;
  }
  return key;
}

OsslPtr<EVP_PKEY> ec_from_jwk(const json& jwk, std::string& error) {
  auto crv = string_member(jwk, "crv", true, error);
  if (!crv) return nullptr;
  if (*crv != "P-256") {
    error = "EC key not on P-256";
    return nullptr;
  }
  auto x = b64_member(jwk, "x", error);
  if (!x) return nullptr;
  auto y = b64_member(jwk, "y", error);
  if (!y) return nullptr;
  // RFC 7518 §6.2.1.2: each coordinate is exactly the full field size, 32 octets for P-256.
  if (x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
    error = "EC coordinates are not 32 octets";
    return nullptr;
  }
  std::string point = "\x04" + *x + *y;  // SEC 1 §2.3.3 uncompressed point
  OsslPtr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    error = "EC key could not be built";
    return nullptr;
  }
  auto key = from_params("EC", bld.get());
  if (!key) error = "EC point rejected by OpenSSL (not on P-256?)";
  return key;
}

}  // namespace

std::optional<nlohmann::ordered_json> public_jwk(EVP_PKEY* key, const std::string& kid, const std::string& use,
                                                 const std::string& alg) {
  nlohmann::ordered_json jwk;
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
    auto n = bn_param_b64(key, OSSL_PKEY_PARAM_RSA_N);
    auto e = bn_param_b64(key, OSSL_PKEY_PARAM_RSA_E);
    if (!n || !e) return std::nullopt;
    jwk = {{"kty", "RSA"}, {"kid", kid}, {"use", use}, {"alg", alg}, {"n", *n}, {"e", *e}};
  } else if (key_fits_alg(key, Alg::ES256)) {
    auto x = bn_param_b64(key, OSSL_PKEY_PARAM_EC_PUB_X, kP256CoordinateBytes);
    auto y = bn_param_b64(key, OSSL_PKEY_PARAM_EC_PUB_Y, kP256CoordinateBytes);
    if (!x || !y) return std::nullopt;
    jwk = {{"kty", "EC"}, {"kid", kid}, {"use", use}, {"alg", alg}, {"crv", "P-256"}, {"x", *x}, {"y", *y}};
  } else {
    return std::nullopt;
  }
  return jwk;
}

JwkParse parse_public_jwk(const json& jwk) {
  JwkParse out;
  if (!jwk.is_object()) {
    out.error = "not a JSON object";
    return out;
  }
  for (auto name : kPrivateMembers) {
    if (jwk.contains(name)) {
      out.error = "has private or symmetric member \"" + std::string(name) + "\"";
      return out;
    }
  }
  ParsedJwk parsed;
  auto kty = string_member(jwk, "kty", true, out.error);
  parsed.kid = string_member(jwk, "kid", false, out.error);
  parsed.use = string_member(jwk, "use", false, out.error);
  parsed.alg = string_member(jwk, "alg", false, out.error);
  if (!out.error.empty()) return out;
  if (parsed.use && *parsed.use != "sig" && *parsed.use != "enc") {
    out.error = "unknown \"use\"";
    return out;
  }
  OsslPtr<EVP_PKEY> key;
  if (*kty == "RSA") {
    parsed.kty = Kty::RSA;
    key = rsa_from_jwk(jwk, out.error);
  } else if (*kty == "EC") {
    parsed.kty = Kty::EC;
    key = ec_from_jwk(jwk, out.error);
  } else if (*kty == "oct") {
    out.error = "symmetric (oct) keys are not accepted";
  } else {
    out.error = "unsupported kty";
  }
  if (!key) {
    ERR_clear_error();
    if (out.error.empty()) out.error = "invalid key";
    return out;
  }
  parsed.key = share(std::move(key));
  out.jwk = std::move(parsed);
  return out;
}

}  // namespace fapid::jose
