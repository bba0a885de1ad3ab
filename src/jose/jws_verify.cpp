#include "jose/jws_verify.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "jose/base64url.hpp"
#include "jose/compact_jws.hpp"
#include "jose/jws_signature.hpp"
#include "jose/public_key_set_impl.hpp"
#include "jose/strict_json.hpp"

namespace fapid::jose {
namespace {


struct Header {
  Alg alg;
  std::optional<std::string> kid;
};

Result<Header> check_header(const nlohmann::json& header, const VerifyPolicy& policy) {
  auto alg_member = header.find("alg");
  if (alg_member == header.end() || !alg_member->is_string()) return jws_error(kMalformedJws, "header has no string alg");
  auto alg = alg_from(alg_member->get_ref<const std::string&>());
  if (!alg || std::find(policy.allowed.begin(), policy.allowed.end(), *alg) == policy.allowed.end()) {
    return jws_error(kAlgorithmNotAllowed, "alg not in the allow-list");  // the value is attacker text: not logged
  }
  // RFC 7515 §4.1.11: we implement no extension, so any crit (even empty, which §4.1.11 forbids) fails.
  if (header.contains("crit")) return jws_error(kMalformedJws, "crit header present");
  Header out{*alg, std::nullopt};
  if (auto kid = header.find("kid"); kid != header.end()) {
    if (!kid->is_string() || kid->get_ref<const std::string&>().empty() ||
        kid->get_ref<const std::string&>().size() > kMaxKidBytes) {
      return jws_error(kMalformedJws, "kid is not a short non-empty string");
    }
    out.kid = kid->get<std::string>();
  }
  // jku, x5u, jwk, x5c: deliberately not read (ATTACKS.md A09).
  return out;
}

}  // namespace

Result<VerifiedJws> verify_jws(std::string_view compact, const PublicKeySet& keys, const VerifyPolicy& policy) {
  auto jws = decode_compact_jws(compact, policy.max_bytes);
  if (!jws) return jws.error();
  auto header = check_header(jws->header, policy);
  if (!header) return header.error();
  auto accepted = [&](const VerificationKey& key) -> Result<VerifiedJws> {
    return VerifiedJws{header->alg, key.kid.value_or(""), std::move(jws->header_json), std::move(jws->payload)};
  };

  const auto& candidates = PublicKeySetAccess::impl(keys).keys;
  if (header->kid) {
    auto key = std::find_if(candidates.begin(), candidates.end(),
                            [&](const VerificationKey& k) { return k.kid && *k.kid == *header->kid; });
    if (key == candidates.end()) return jws_error(kNoMatchingKey, "no key with that kid");
    if (!key->can_verify(header->alg)) return jws_error(kNoMatchingKey, "key with that kid does not fit the alg");
    if (!jws_verify_signature(key->key.get(), header->alg, jws->signing_input, jws->signature)) {
      return jws_error(kSignatureInvalid, "signature does not verify");
    }
    return accepted(*key);
  }

  std::vector<const VerificationKey*> fitting;
  for (const auto& k : candidates) {
    if (k.can_verify(header->alg)) fitting.push_back(&k);
  }
  if (fitting.empty()) return jws_error(kNoMatchingKey, "no key fits the alg");
  if (fitting.size() > kMaxKidlessCandidates) return jws_error(kNoMatchingKey, "kid required: too many candidate keys");
  for (const auto* k : fitting) {
    if (jws_verify_signature(k->key.get(), header->alg, jws->signing_input, jws->signature)) return accepted(*k);
  }
  return jws_error(kSignatureInvalid, "signature does not verify with any candidate key");
}

}  // namespace fapid::jose
