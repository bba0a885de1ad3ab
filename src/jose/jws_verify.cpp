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
  if (compact.size() > policy.max_bytes) return jws_error(kMalformedJws, "larger than the limit");
  if (!std::all_of(compact.begin(), compact.end(), is_compact_char)) return jws_error(kMalformedJws, "bad character");
  auto parts = split_compact_jws(compact);
  if (!parts) return jws_error(kMalformedJws, "not three non-empty segments");
  const auto [header_b64, payload_b64, signature_b64] = *parts;

  auto header_json = base64url_decode(header_b64);
  if (!header_json) return jws_error(kMalformedJws, "header is not canonical base64url");
  auto header_doc = parse_strict_json(*header_json);
  if (!header_doc || !header_doc->is_object()) return jws_error(kMalformedJws, "header is not a strict JSON object");
  auto header = check_header(*header_doc, policy);
  if (!header) return header.error();

  auto payload = base64url_decode(payload_b64);
  if (!payload) return jws_error(kMalformedJws, "payload is not canonical base64url");
  auto payload_doc = parse_strict_json(*payload);
  if (!payload_doc || !payload_doc->is_object()) return jws_error(kMalformedJws, "payload is not a strict JSON object");
  auto signature = base64url_decode(signature_b64);
  if (!signature) return jws_error(kMalformedJws, "signature is not canonical base64url");

  // RFC 7515 §5.2 step 8: the signature is over the encoded header and payload as received.
  const std::string_view signing_input = compact.substr(0, header_b64.size() + 1 + payload_b64.size());
  auto accepted = [&](const VerificationKey& key) -> Result<VerifiedJws> {
    return VerifiedJws{header->alg, key.kid.value_or(""), std::move(*header_json), std::move(*payload)};
  };

  const auto& candidates = PublicKeySetAccess::impl(keys).keys;
  if (header->kid) {
    auto key = std::find_if(candidates.begin(), candidates.end(),
                            [&](const VerificationKey& k) { return k.kid && *k.kid == *header->kid; });
    if (key == candidates.end()) return jws_error(kNoMatchingKey, "no key with that kid");
    if (!key->can_verify(header->alg)) return jws_error(kNoMatchingKey, "key with that kid does not fit the alg");
    if (!jws_verify_signature(key->key.get(), header->alg, signing_input, *signature)) {
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
    if (jws_verify_signature(k->key.get(), header->alg, signing_input, *signature)) return accepted(*k);
  }
  return jws_error(kSignatureInvalid, "signature does not verify with any candidate key");
}

}  // namespace fapid::jose
