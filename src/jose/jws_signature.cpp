#include "jose/jws_signature.hpp"

#include <cstdint>
#include <cstring>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "jose/openssl_ptr.hpp"

namespace fapid::jose {
namespace {

constexpr int kMinRsaBits = 2048;  // FAPI 1.0 Advanced §8.6, FAPI 2.0 §5.4
constexpr int kMaxRsaBits = 8192;  // bounds the cost of one verification an attacker can ask for
constexpr int kP256CoordinateBytes = 32;

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// RFC 7518 §3.5: RSASSA-PSS with SHA-256, MGF1 with SHA-256, salt as long as the hash.
bool set_pss_params(EVP_PKEY_CTX* pctx) {
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1;
}

// RFC 7518 §3.4: JWS carries R || S as two fixed 32-octet big-endian integers, OpenSSL uses DER.
std::optional<std::string> ecdsa_der_to_jose(std::string_view der) {
  const unsigned char* p = bytes_of(der);
  OsslPtr<ECDSA_SIG> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string out(kEs256SignatureBytes, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(r, o, kP256CoordinateBytes) != kP256CoordinateBytes ||
      BN_bn2binpad(s, o + kP256CoordinateBytes, kP256CoordinateBytes) != kP256CoordinateBytes) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> ecdsa_jose_to_der(std::string_view jose) {
  if (jose.size() != kEs256SignatureBytes) return std::nullopt;
  OsslPtr<BIGNUM> r(BN_bin2bn(bytes_of(jose), kP256CoordinateBytes, nullptr));
  OsslPtr<BIGNUM> s(BN_bin2bn(bytes_of(jose) + kP256CoordinateBytes, kP256CoordinateBytes, nullptr));
  OsslPtr<ECDSA_SIG> sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
  r.release();  // owned by sig now
  s.release();
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

bool key_fits_alg(EVP_PKEY* key, Alg alg) {
  switch (alg) {
    case Alg::PS256:
    case Alg::RS256: {
      int bits = EVP_PKEY_get_bits(key);
      return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && bits >= kMinRsaBits && bits <= kMaxRsaBits;
    }
    case Alg::ES256: {
      if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) return false;
      char group[64] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) != 1) return false;
      return std::strcmp(group, SN_X9_62_prime256v1) == 0;
    }
  }
  return false;
}

std::optional<std::string> jws_sign(EVP_PKEY* key, Alg alg, std::string_view signing_input) {
  OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1) return std::nullopt;
  if (alg == Alg::PS256 && !set_pss_params(pctx)) return std::nullopt;
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, bytes_of(signing_input), signing_input.size()) != 1) {
    return std::nullopt;
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes_of(signing_input),
                     signing_input.size()) != 1) {
    return std::nullopt;
  }
  sig.resize(len);  // ECDSA DER is variable-length
  if (alg == Alg::ES256) return ecdsa_der_to_jose(sig);
  return sig;
}

std::unique_ptr<PreparedSigner> PreparedSigner::make(EVP_PKEY* key, Alg alg) {
  OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1) return nullptr;
  if (alg == Alg::PS256 && !set_pss_params(pctx)) return nullptr;
  return std::unique_ptr<PreparedSigner>(new PreparedSigner(std::move(ctx), alg));
}

std::optional<std::string> PreparedSigner::sign(std::string_view signing_input) const {
  OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx) return std::nullopt;
  {
    std::lock_guard lock(copy_mutex_);
    if (EVP_MD_CTX_copy_ex(ctx.get(), prepared_.get()) != 1) return std::nullopt;
  }
  if (EVP_DigestSignUpdate(ctx.get(), signing_input.data(), signing_input.size()) != 1) return std::nullopt;
  std::size_t len = 0;
  if (EVP_DigestSignFinal(ctx.get(), nullptr, &len) != 1) return std::nullopt;
  std::string sig(len, '\0');
  if (EVP_DigestSignFinal(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len) != 1) return std::nullopt;
  sig.resize(len);  // ECDSA DER is variable-length
  if (alg_ == Alg::ES256) return ecdsa_der_to_jose(sig);
  return sig;
}

namespace {

bool verify_checked(EVP_PKEY* key, Alg alg, std::string_view signing_input, std::string_view signature) {
  if (!key_fits_alg(key, alg)) return false;
  std::string der;
  if (alg == Alg::ES256) {
    auto converted = ecdsa_jose_to_der(signature);  // rejects any length but 64
    if (!converted) return false;
    der = std::move(*converted);
    signature = der;
  } else if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key))) {
    return false;  // RFC 8017 §8.1.2 step 1: the signature is exactly k octets
  }
  OsslPtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1) return false;
  if (alg == Alg::PS256 && !set_pss_params(pctx)) return false;
  return EVP_DigestVerify(ctx.get(), bytes_of(signature), signature.size(), bytes_of(signing_input),
                          signing_input.size()) == 1;
}

}  // namespace

bool jws_verify_signature(EVP_PKEY* key, Alg alg, std::string_view signing_input, std::string_view signature) {
  bool ok = verify_checked(key, alg, signing_input, signature);
  // A failed verification leaves entries on this thread's OpenSSL error queue; drop them so they are
  // not mistaken later for an error of the TLS connection served by the same thread.
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace fapid::jose
