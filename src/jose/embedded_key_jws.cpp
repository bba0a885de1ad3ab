#include "jose/embedded_key_jws.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "jose/base64url.hpp"
#include "jose/compact_jws.hpp"
#include "jose/jwk.hpp"
#include "jose/jwk_thumbprint.hpp"
#include "jose/jws_signature.hpp"
#include "jose/jws_verify.hpp"
#include "jose/strict_json.hpp"

namespace fapid::jose {
namespace {

struct EmbeddedKey {
  Alg alg;
  SharedPkey key;
  std::string thumbprint;
};

Result<Alg> header_alg(const nlohmann::json& header, const std::vector<Alg>& allowed) {
  auto alg_member = header.find("alg");
  if (alg_member == header.end() || !alg_member->is_string()) return jws_error(kMalformedJws, "header has no string alg");
  auto alg = alg_from(alg_member->get_ref<const std::string&>());
  if (!alg || std::find(allowed.begin(), allowed.end(), *alg) == allowed.end()) {
    return jws_error(kAlgorithmNotAllowed, "alg not in the allow-list");  // the value is attacker text: not logged
  }
  // RFC 7515 §4.1.11: we implement no extension, so any crit (even empty) fails.
  if (header.contains("crit")) return jws_error(kMalformedJws, "crit header present");
  return *alg;
}

Result<EmbeddedKey> check_header(const nlohmann::json& header, const std::vector<Alg>& allowed) {
  auto alg = header_alg(header, allowed);
  if (!alg) return alg.error();
  auto jwk = header.find("jwk");
  if (jwk == header.end() || !jwk->is_object()) return jws_error(kInvalidEmbeddedKey, "header has no jwk object");
  auto parsed = parse_public_jwk(*jwk);  // RFC 9449 §4.3 step 7: no private key; also size and curve
  if (!parsed.jwk) return jws_error(kInvalidEmbeddedKey, "jwk: " + parsed.error);
  if (parsed.jwk->use && *parsed.jwk->use != "sig") return jws_error(kInvalidEmbeddedKey, "jwk use is not sig");
  if (parsed.jwk->alg && *parsed.jwk->alg != to_string(*alg)) {
    return jws_error(kInvalidEmbeddedKey, "jwk alg differs from the header alg");  // RFC 7517 §4.4
  }
  if (!key_fits_alg(parsed.jwk->key.get(), *alg)) return jws_error(kInvalidEmbeddedKey, "jwk does not fit the alg");
  auto thumbprint = jwk_thumbprint_sha256(jwk->dump());
  if (!thumbprint) return jws_error(kInvalidEmbeddedKey, "jwk has no thumbprint");
  return EmbeddedKey{*alg, std::move(parsed.jwk->key), std::move(*thumbprint)};
}

}  // namespace

Result<EmbeddedKeyJws> verify_jws_with_embedded_jwk(std::string_view compact, const std::vector<Alg>& allowed,
                                                    std::size_t max_bytes) {
  auto jws = decode_compact_jws(compact, max_bytes);
  if (!jws) return jws.error();
  auto key = check_header(jws->header, allowed);
  if (!key) return key.error();
  if (!jws_verify_signature(key->key.get(), key->alg, jws->signing_input, jws->signature)) {
    return jws_error(kSignatureInvalid, "signature does not verify with the embedded jwk");
  }
  return EmbeddedKeyJws{key->alg, std::move(jws->header_json), std::move(jws->payload), std::move(key->thumbprint)};
}

}  // namespace fapid::jose
