#include "jose/jwe.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <optional>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "jose/base64url.hpp"
#include "jose/public_key_set_impl.hpp"
#include "jose/strict_json.hpp"

namespace fapid::jose {
namespace {

constexpr std::size_t kSegments = 5;   // header.encrypted_key.iv.ciphertext.tag (RFC 7516 §7.1)
constexpr std::size_t kCekBytes = 32;  // A256GCM content key (RFC 7518 §5.3)
constexpr std::size_t kIvBytes = 12;   // 96-bit IV (RFC 7518 §5.3)
constexpr std::size_t kTagBytes = 16;  // 128-bit tag, exactly (RFC 7518 §5.3; CVE-2023-37464)
constexpr std::size_t kMaxCtyBytes = 128;

using Cek = std::array<unsigned char, kCekBytes>;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

// Wipes the content key however the scope is left.
struct CekGuard {
  Cek cek{};
  ~CekGuard() { OPENSSL_cleanse(cek.data(), cek.size()); }
};

OAuthError fail(std::string detail) {
  return {ErrorCode::invalid_request, std::string(kJweNotDecrypted), "JWE: " + std::move(detail)};
}

OAuthError internal(std::string detail) {
  return {ErrorCode::server_error, "internal error", "JWE: " + std::move(detail)};
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

bool is_compact_char(char c) { return c == '.' || is_base64url_alphabet(std::string_view(&c, 1)); }

// Exactly five segments; emptiness is judged per segment later (the ciphertext may be empty).
std::optional<std::array<std::string_view, kSegments>> split_compact(std::string_view compact) {
  if (std::count(compact.begin(), compact.end(), '.') != kSegments - 1) return std::nullopt;
  std::array<std::string_view, kSegments> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < kSegments; ++i) {
    std::size_t dot = compact.find('.', start);
    parts[i] = compact.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    start = dot + 1;
  }
  return parts;
}

bool is_printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

struct Header {
  std::optional<std::string> kid;
  std::string cty;
};

// RFC 7516 §5.2 steps 3–5 for our one pair of algorithms. Attacker values are never logged.
Result<Header> check_header(const nlohmann::json& header) {
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string() || alg->get_ref<const std::string&>() != kJweAlg) {
    return fail("alg is not RSA-OAEP");
  }
  auto enc = header.find("enc");
  if (enc == header.end() || !enc->is_string() || enc->get_ref<const std::string&>() != kJweEnc) {
    return fail("enc is not A256GCM");
  }
  if (header.contains("zip")) return fail("zip present; compressed plaintext is refused (ATTACKS.md A11)");
  // RFC 7516 §4.1.13: we implement no extension, so any crit (even empty) fails.
  if (header.contains("crit")) return fail("crit present");
  Header out;
  if (auto kid = header.find("kid"); kid != header.end()) {
    if (!kid->is_string() || kid->get_ref<const std::string&>().empty() ||
        kid->get_ref<const std::string&>().size() > kMaxKidBytes) {
      return fail("kid is not a short non-empty string");
    }
    out.kid = kid->get<std::string>();
  }
  if (auto cty = header.find("cty"); cty != header.end()) {
    if (!cty->is_string() || cty->get_ref<const std::string&>().size() > kMaxCtyBytes) {
      return fail("cty is not a short string");
    }
    out.cty = cty->get<std::string>();
  }
  // jku, x5u, jwk, x5c: deliberately not read (ATTACKS.md A09).
  return out;
}

OsslPtr<EVP_PKEY_CTX> rsa_oaep_ctx(EVP_PKEY* key, bool decrypt) {
  // RFC 7518 §4.3: RSAES-OAEP with its default parameters, SHA-1 and MGF1 with SHA-1, made explicit.
  OsslPtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!ctx || (decrypt ? EVP_PKEY_decrypt_init(ctx.get()) : EVP_PKEY_encrypt_init(ctx.get())) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
      EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha1()) != 1 ||
      EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha1()) != 1) {
    return nullptr;
  }
  return ctx;
}

// The content key, or a random one when the unwrap fails or yields the wrong length, so the failure
// shows only at the tag check, like any other (RFC 7516 §11.5, against Manger-style oracles).
// False only when the random generator fails.
bool unwrap_cek(EVP_PKEY* key, std::string_view encrypted_key, Cek& cek) {
  bool ok = false;
  if (encrypted_key.size() == static_cast<std::size_t>(EVP_PKEY_get_size(key))) {
    if (auto ctx = rsa_oaep_ctx(key, true)) {
      std::string out(encrypted_key.size(), '\0');
      std::size_t len = out.size();
      ok = EVP_PKEY_decrypt(ctx.get(), bytes(out), &len, bytes(encrypted_key), encrypted_key.size()) == 1 &&
           len == kCekBytes;
      if (ok) std::copy_n(out.begin(), kCekBytes, cek.begin());
      OPENSSL_cleanse(out.data(), out.size());
    }
  }
  return ok || RAND_priv_bytes(cek.data(), static_cast<int>(cek.size())) == 1;
}

// AES-256-GCM decryption (RFC 7518 §5.3; AAD per RFC 7516 §5.2 step 14). nullopt on a tag mismatch.
std::optional<std::string> a256gcm_decrypt(const Cek& cek, std::string_view iv, std::string_view aad,
                                           std::string_view ciphertext, std::string_view tag) {
  if (aad.size() > INT_MAX || ciphertext.size() > INT_MAX) return std::nullopt;
  std::array<unsigned char, kTagBytes> tag_copy{};
  std::copy(tag.begin(), tag.end(), tag_copy.begin());
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::string plaintext(ciphertext.size(), '\0');
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kIvBytes), nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, cek.data(), bytes(iv)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) != 1) {
    return std::nullopt;
  }
  int written = 0;
  if (!ciphertext.empty()) {
    if (EVP_DecryptUpdate(ctx.get(), bytes(plaintext), &len, bytes(ciphertext), static_cast<int>(ciphertext.size())) != 1) {
      return std::nullopt;
    }
    written = len;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag_copy.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), bytes(plaintext) + written, &len) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());  // unauthenticated: never released
    return std::nullopt;
  }
  plaintext.resize(static_cast<std::size_t>(written + len));
  return plaintext;
}

const VerificationKey* encryption_key(const PublicKeySet& recipient) {
  for (const auto& k : PublicKeySetAccess::impl(recipient).keys) {
    if (k.kty == Kty::RSA && k.for_encryption && (!k.alg || *k.alg == kJweAlg)) return &k;
  }
  return nullptr;
}

}  // namespace

Result<DecryptedJwe> decrypt_jwe(std::string_view compact, std::size_t max_bytes,
                                 std::span<const JweDecryptionKey> keys) {
  // Structure first, before anything decodes a byte (SPEC.md, Stack hazards).
  if (compact.size() > max_bytes) return fail("larger than the limit");
  if (!std::all_of(compact.begin(), compact.end(), is_compact_char)) return fail("bad character");
  auto parts = split_compact(compact);
  if (!parts) return fail("not five segments");
  const auto [header_b64, key_b64, iv_b64, ciphertext_b64, tag_b64] = *parts;

  auto header_json = base64url_decode(header_b64);
  if (!header_json || header_json->empty()) return fail("header is not canonical base64url");
  auto header_doc = parse_strict_json(*header_json);
  if (!header_doc || !header_doc->is_object()) return fail("header is not a strict JSON object");
  auto header = check_header(*header_doc);
  if (!header) return header.error();

  auto encrypted_key = base64url_decode(key_b64);
  auto iv = base64url_decode(iv_b64);
  auto ciphertext = base64url_decode(ciphertext_b64);
  auto tag = base64url_decode(tag_b64);
  if (!encrypted_key || !iv || !ciphertext || !tag) return fail("a segment is not canonical base64url");
  if (encrypted_key->empty()) return fail("encrypted key is empty");
  if (iv->size() != kIvBytes) return fail("IV is not 12 octets");
  if (tag->size() != kTagBytes) return fail("tag is not 16 octets (CVE-2023-37464)");

  std::vector<const JweDecryptionKey*> candidates;
  for (const auto& k : keys) {
    if (!header->kid || k.kid == *header->kid) candidates.push_back(&k);
  }
  if (candidates.empty()) return fail(header->kid ? "no server encryption key with that kid" : "no server encryption key");
  if (candidates.size() > kMaxKidlessJweKeys) return fail("kid required: too many server encryption keys");

  // RFC 7516 §5.2 step 14: the AAD is the encoded protected header as received.
  for (const auto* k : candidates) {
    CekGuard cek;
    if (!unwrap_cek(k->key.get(), *encrypted_key, cek.cek)) return internal("random generator failed");
    auto plaintext = a256gcm_decrypt(cek.cek, *iv, header_b64, *ciphertext, *tag);
    if (!plaintext) continue;
    if (plaintext->size() > max_bytes) return fail("plaintext larger than the limit");
    return DecryptedJwe{std::move(*plaintext), k->kid, std::move(header->cty)};
  }
  return fail(candidates.size() == 1 ? "key unwrap or tag check failed" : "no candidate key decrypts");
}

Result<std::string> encrypt_jwe(const PublicKeySet& recipient, std::string_view plaintext, std::string_view cty) {
  const VerificationKey* key = encryption_key(recipient);
  if (!key) {
    return OAuthError{ErrorCode::invalid_request, std::string(kNoClientEncryptionKey),
                      "JWE: no RSA key with use enc and alg RSA-OAEP in the client's JWKS"};
  }
  if (cty.size() > kMaxCtyBytes || !is_printable_ascii(cty)) return internal("cty is not short printable ASCII");
  if (plaintext.size() > INT_MAX) return internal("plaintext too large");

  nlohmann::ordered_json header{{"alg", std::string(kJweAlg)}, {"enc", std::string(kJweEnc)}};
  if (key->kid) header["kid"] = *key->kid;  // a string parse_public_jwk took from valid UTF-8 JSON
  if (!cty.empty()) header["cty"] = std::string(cty);
  const std::string header_b64 = base64url_encode(header.dump());

  CekGuard cek;
  std::array<unsigned char, kIvBytes> iv{};
  if (RAND_priv_bytes(cek.cek.data(), static_cast<int>(cek.cek.size())) != 1 ||
      RAND_bytes(iv.data(), static_cast<int>(iv.size())) != 1) {
    return internal("random generator failed");
  }

  // RFC 7516 §5.1 step 4: the content key, encrypted to the recipient with RSA-OAEP.
  auto rsa = rsa_oaep_ctx(key->key.get(), false);
  std::size_t wrapped_len = 0;
  if (!rsa || EVP_PKEY_encrypt(rsa.get(), nullptr, &wrapped_len, cek.cek.data(), cek.cek.size()) != 1) {
    return internal("RSA-OAEP setup failed");
  }
  std::string wrapped(wrapped_len, '\0');
  if (EVP_PKEY_encrypt(rsa.get(), bytes(wrapped), &wrapped_len, cek.cek.data(), cek.cek.size()) != 1) {
    return internal("RSA-OAEP encryption failed");
  }
  wrapped.resize(wrapped_len);

  // RFC 7516 §5.1 steps 14–15: AES-256-GCM with AAD = ASCII(BASE64URL(UTF8(header))).
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::string ciphertext(plaintext.size(), '\0');
  std::array<unsigned char, kTagBytes> tag{};
  int len = 0;
  int written = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kIvBytes), nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, cek.cek.data(), iv.data()) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(header_b64), static_cast<int>(header_b64.size())) != 1) {
    return internal("AES-GCM setup failed");
  }
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(ctx.get(), bytes(ciphertext), &len, bytes(plaintext), static_cast<int>(plaintext.size())) != 1) {
      return internal("AES-GCM encryption failed");
    }
    written = len;
  }
  if (EVP_EncryptFinal_ex(ctx.get(), bytes(ciphertext) + written, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag.data()) != 1) {
    return internal("AES-GCM finalization failed");
  }
  ciphertext.resize(static_cast<std::size_t>(written + len));

  const std::string_view iv_view(reinterpret_cast<const char*>(iv.data()), iv.size());
  const std::string_view tag_view(reinterpret_cast<const char*>(tag.data()), tag.size());
  return header_b64 + '.' + base64url_encode(wrapped) + '.' + base64url_encode(iv_view) + '.' +
         base64url_encode(ciphertext) + '.' + base64url_encode(tag_view);
}

bool has_encryption_key(const PublicKeySet& recipient) { return encryption_key(recipient) != nullptr; }

}  // namespace fapid::jose
