#include "jose/public_key_set.hpp"

#include <set>
#include <string>

#include "jose/jws_signature.hpp"
#include "jose/public_key_set_impl.hpp"
#include "jose/strict_json.hpp"

namespace fapid::jose {
namespace {

OAuthError invalid_jwks(std::string detail) {
  return {ErrorCode::invalid_request, "invalid JWKS", std::move(detail)};
}

}  // namespace

bool VerificationKey::can_verify(Alg header_alg) const {
  if (!for_signatures) return false;
  if (alg && *alg != to_string(header_alg)) return false;  // RFC 7517 §4.4; ATTACKS.md A04
  return key_fits_alg(key.get(), header_alg);
}

PublicKeySet::PublicKeySet() : impl_(std::make_shared<const PublicKeySetImpl>()) {}
PublicKeySet::PublicKeySet(std::shared_ptr<const PublicKeySetImpl> impl) : impl_(std::move(impl)) {}

std::size_t PublicKeySet::size() const { return impl_->keys.size(); }

bool PublicKeySet::contains_kid(std::string_view kid) const {
  for (const auto& k : impl_->keys) {
    if (k.kid && *k.kid == kid) return true;
  }
  return false;
}

Result<PublicKeySet> PublicKeySet::from_jwks_json(std::string_view jwks_json) {
  if (jwks_json.size() > kMaxJwksBytes) return invalid_jwks("JWKS larger than " + std::to_string(kMaxJwksBytes));
  auto doc = parse_strict_json(jwks_json);
  if (!doc || !doc->is_object()) return invalid_jwks("JWKS is not a strict JSON object");
  auto keys = doc->find("keys");
  if (keys == doc->end() || !keys->is_array()) return invalid_jwks("JWKS has no \"keys\" array");
  if (keys->size() > kMaxJwksKeys) return invalid_jwks("JWKS has more than " + std::to_string(kMaxJwksKeys) + " keys");

  auto impl = std::make_shared<PublicKeySetImpl>();
  std::set<std::string> kids;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const std::string where = "keys[" + std::to_string(i) + "]: ";
    auto parsed = parse_public_jwk((*keys)[i]);
    if (!parsed.jwk) return invalid_jwks(where + parsed.error);
    auto& jwk = *parsed.jwk;
    if (jwk.kid) {
      if (jwk.kid->empty() || jwk.kid->size() > kMaxKidBytes) return invalid_jwks(where + "kid empty or too long");
      // RFC 7517 §4.5: kids should be distinct within a set; with duplicates the choice is ambiguous.
      if (!kids.insert(*jwk.kid).second) return invalid_jwks(where + "duplicate kid");
    }
    impl->keys.push_back(VerificationKey{std::move(jwk.kid), jwk.kty, std::move(jwk.alg),
                                         !jwk.use || *jwk.use == "sig", std::move(jwk.key),
                                         !jwk.use || *jwk.use == "enc"});
  }
  return PublicKeySet(std::move(impl));
}

}  // namespace fapid::jose
