#include "jose/key_store.hpp"

#include <array>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "jose/base64url.hpp"
#include "jose/jwk.hpp"
#include "jose/jws_signature.hpp"
#include "jose/pem_key.hpp"

namespace fapid::jose {
namespace {

constexpr std::string_view kRsaOaep = "RSA-OAEP";  // RFC 7518 §4.3
constexpr std::size_t kAlgCount = 2;                // Alg::PS256, Alg::ES256

std::size_t index_of(Alg alg) { return alg == Alg::PS256 ? 0 : 1; }

struct LoadedKey {
  std::string kid;
  std::optional<Alg> sig_alg;  // nullopt for the RSA-OAEP encryption keys
  SharedPkey key;
  std::shared_ptr<const PreparedSigner> signer;  // signing keys only
};

bool printable_kid(const std::string& kid) {
  if (kid.empty() || kid.size() > 128) return false;
  for (unsigned char c : kid) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// The key-type check for one configured key; "" when it fits.
std::string type_error(EVP_PKEY* key, std::optional<Alg> sig_alg) {
  if (sig_alg == Alg::ES256) return key_fits_alg(key, Alg::ES256) ? "" : "not an EC P-256 key";
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return "not an RSA key";
  if (!key_fits_alg(key, Alg::PS256)) {  // same size rule for RSA-OAEP
    return "RSA key has " + std::to_string(EVP_PKEY_get_bits(key)) + " bits; 2048 to 8192 required";
  }
  return "";
}

}  // namespace

struct KeyStore::Impl {
  std::vector<LoadedKey> keys;
  std::array<const LoadedKey*, kAlgCount> active{};  // by index_of(Alg)
  bool has_encryption_key = false;
  std::vector<JweDecryptionKey> enc_keys;  // the RSA-OAEP keys, in configuration order
  std::string jwks_json;
};

KeyStore::KeyStore(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
KeyStore::~KeyStore() = default;

KeyStoreLoad KeyStore::load(const std::vector<config::KeyFile>& files) {
  KeyStoreLoad out;
  auto impl = std::make_unique<Impl>();
  impl->keys.reserve(files.size());  // `active` points into it
  std::array<std::optional<std::size_t>, kAlgCount> active_index;
  std::set<std::string> kids;
  nlohmann::ordered_json jwks_keys = nlohmann::ordered_json::array();

  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    const std::string at = "keys[" + std::to_string(i) + "].";
    auto error = [&](const char* member, const std::string& what) { out.errors.push_back(at + member + ": " + what); };
    const std::size_t errors_before = out.errors.size();

    if (!printable_kid(f.kid)) error("kid", "must be 1 to 128 printable ASCII characters");
    else if (!kids.insert(f.kid).second) error("kid", "duplicate kid \"" + f.kid + "\"");

    std::optional<Alg> sig_alg = alg_from(f.alg);
    if (sig_alg == Alg::RS256) sig_alg.reset();  // read from an external IdP, never signed with (alg.hpp)
    const bool is_enc_alg = f.alg == kRsaOaep;
    if (!sig_alg && !is_enc_alg) error("alg", "unsupported \"" + f.alg + "\" (PS256, ES256 or RSA-OAEP)");
    else if (f.use == config::KeyUse::sig && is_enc_alg) error("use", "RSA-OAEP is an encryption alg; use enc");
    else if (f.use == config::KeyUse::enc && sig_alg) error("use", f.alg + " is a signing alg; use sig");

    auto pem = read_pem_private_key(f.file);
    if (!pem.key) {
      error("file", pem.error);
      continue;
    }
    if (out.errors.size() != errors_before) continue;  // alg/use unknown: the type check means nothing
    if (auto why = type_error(pem.key.get(), sig_alg); !why.empty()) {
      error("file", "\"" + f.file + "\": " + why);
      continue;
    }
    if (sig_alg && f.active) {
      auto& slot = active_index[index_of(*sig_alg)];
      if (slot) error("active", "keys[" + std::to_string(*slot) + "] is already the active " + f.alg + " key");
      slot = impl->keys.size();
    }
    const bool sig = f.use == config::KeyUse::sig;
    auto jwk = public_jwk(pem.key.get(), f.kid, sig ? "sig" : "enc", f.alg);
    if (!jwk) {
      error("file", "\"" + f.file + "\": public key could not be exported");
      continue;
    }
    std::shared_ptr<const PreparedSigner> signer;
    if (sig_alg && !(signer = PreparedSigner::make(pem.key.get(), *sig_alg))) {
      error("file", "\"" + f.file + "\": OpenSSL cannot sign " + f.alg + " with this key");
      continue;
    }
    jwks_keys.push_back(std::move(*jwk));
    impl->has_encryption_key = impl->has_encryption_key || is_enc_alg;
    impl->keys.push_back(LoadedKey{f.kid, sig_alg, share(std::move(pem.key)), std::move(signer)});
    if (is_enc_alg) impl->enc_keys.push_back(JweDecryptionKey{f.kid, impl->keys.back().key});
  }
  if (!out.errors.empty()) return out;

  for (std::size_t a = 0; a < kAlgCount; ++a) {
    if (active_index[a]) impl->active[a] = &impl->keys[*active_index[a]];
  }
  impl->jwks_json = nlohmann::ordered_json{{"keys", std::move(jwks_keys)}}.dump();
  out.keys = std::shared_ptr<const KeyStore>(new KeyStore(std::move(impl)));
  return out;
}

const std::string& KeyStore::public_jwks_json() const { return impl_->jwks_json; }

std::vector<Alg> KeyStore::signing_algs() const {
  std::vector<Alg> algs;
  for (Alg alg : {Alg::PS256, Alg::ES256}) {
    if (impl_->active[index_of(alg)]) algs.push_back(alg);
  }
  return algs;
}

bool KeyStore::has_encryption_key() const { return impl_->has_encryption_key; }

Result<std::string> KeyStore::sign(Alg alg, std::string_view payload_json, std::string_view typ) const {
  const LoadedKey* key = impl_->active[index_of(alg)];
  if (!key) {
    return OAuthError{ErrorCode::server_error, "internal error",
                      "no active signing key for " + std::string(to_string(alg))};
  }
  nlohmann::ordered_json header{{"alg", std::string(to_string(alg))}, {"kid", key->kid}};
  if (!typ.empty()) header["typ"] = std::string(typ);
  // RFC 7515 §5.1: sign ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
  std::string compact = base64url_encode(header.dump()) + '.' + base64url_encode(payload_json);
  auto signature = key->signer->sign(compact);
  if (!signature) return OAuthError{ErrorCode::server_error, "internal error", "JWS signing failed in OpenSSL"};
  compact += '.';
  compact += base64url_encode(*signature);
  return compact;
}

Result<DecryptedJwe> KeyStore::decrypt_jwe(std::string_view compact, std::size_t max_bytes) const {
  return jose::decrypt_jwe(compact, max_bytes, impl_->enc_keys);
}

}  // namespace fapid::jose
