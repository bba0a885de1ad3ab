#include "jose/jws_verify.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "jose/base64url.hpp"
#include "jose/jws_signature.hpp"
#include "jose/public_key_set_impl.hpp"
#include "jose/strict_json.hpp"

namespace fapid::jose {
namespace {

OAuthError fail(std::string_view description, std::string detail) {
  return {ErrorCode::invalid_request, std::string(description), "JWS: " + std::move(detail)};
}

bool is_compact_char(char c) { return c == '.' || is_base64url_alphabet(std::string_view(&c, 1)); }

// Exactly three non-empty segments of the base64url alphabet (RFC 7515 §7.1).
std::optional<std::array<std::string_view, 3>> split_compact(std::string_view compact) {
  std::array<std::string_view, 3> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::size_t dot = compact.find('.', start);
    bool last = i + 1 == parts.size();
    if (last != (dot == std::string_view::npos)) return std::nullopt;  // too few or too many dots
    parts[i] = compact.substr(start, last ? std::string_view::npos : dot - start);
    if (parts[i].empty()) return std::nullopt;
    start = dot + 1;
  }
  return parts;
}

struct Header {
  Alg alg;
  std::optional<std::string> kid;
};

Result<Header> check_header(const nlohmann::json& header, const VerifyPolicy& policy) {
  auto alg_member = header.find("alg");
  if (alg_member == header.end() || !alg_member->is_string()) return fail(kMalformedJws, "header has no string alg");
  auto alg = alg_from(alg_member->get_ref<const std::string&>());
  if (!alg || std::find(policy.allowed.begin(), policy.allowed.end(), *alg) == policy.allowed.end()) {
    return fail(kAlgorithmNotAllowed, "alg not in the allow-list");  // the value is attacker text: not logged
  }
  // RFC 7515 §4.1.11: we implement no extension, so any crit (even empty, which §4.1.11 forbids) fails.
  if (header.contains("crit")) return fail(kMalformedJws, "crit header present");
  Header out{*alg, std::nullopt};
  if (auto kid = header.find("kid"); kid != header.end()) {
    if (!kid->is_string() || kid->get_ref<const std::string&>().empty() ||
        kid->get_ref<const std::string&>().size() > kMaxKidBytes) {
      return fail(kMalformedJws, "kid is not a short non-empty string");
    }
    out.kid = kid->get<std::string>();
  }
  // jku, x5u, jwk, x5c: deliberately not read (ATTACKS.md A09).
  return out;
}

}  // namespace

Result<VerifiedJws> verify_jws(std::string_view compact, const PublicKeySet& keys, const VerifyPolicy& policy) {
  if (compact.size() > policy.max_bytes) return fail(kMalformedJws, "larger than the limit");
  if (!std::all_of(compact.begin(), compact.end(), is_compact_char)) return fail(kMalformedJws, "bad character");
  auto parts = split_compact(compact);
  if (!parts) return fail(kMalformedJws, "not three non-empty segments");
  const auto [header_b64, payload_b64, signature_b64] = *parts;

  auto header_json = base64url_decode(header_b64);
  if (!header_json) return fail(kMalformedJws, "header is not canonical base64url");
  auto header_doc = parse_strict_json(*header_json);
  if (!header_doc || !header_doc->is_object()) return fail(kMalformedJws, "header is not a strict JSON object");
  auto header = check_header(*header_doc, policy);
  if (!header) return header.error();

  auto payload = base64url_decode(payload_b64);
  if (!payload) return fail(kMalformedJws, "payload is not canonical base64url");
  auto payload_doc = parse_strict_json(*payload);
  if (!payload_doc || !payload_doc->is_object()) return fail(kMalformedJws, "payload is not a strict JSON object");
  auto signature = base64url_decode(signature_b64);
  if (!signature) return fail(kMalformedJws, "signature is not canonical base64url");

  // RFC 7515 §5.2 step 8: the signature is over the encoded header and payload as received.
  const std::string_view signing_input = compact.substr(0, header_b64.size() + 1 + payload_b64.size());
  auto accepted = [&](const VerificationKey& key) -> Result<VerifiedJws> {
    return VerifiedJws{header->alg, key.kid.value_or(""), std::move(*header_json), std::move(*payload)};
  };

  const auto& candidates = PublicKeySetAccess::impl(keys).keys;
  if (header->kid) {
    auto key = std::find_if(candidates.begin(), candidates.end(),
                            [&](const VerificationKey& k) { return k.kid && *k.kid == *header->kid; });
    if (key == candidates.end()) return fail(kNoMatchingKey, "no key with that kid");
    if (!key->can_verify(header->alg)) return fail(kNoMatchingKey, "key with that kid does not fit the alg");
    if (!jws_verify_signature(key->key.get(), header->alg, signing_input, *signature)) {
      return fail(kSignatureInvalid, "signature does not verify");
    }
    return accepted(*key);
  }

  std::vector<const VerificationKey*> fitting;
  for (const auto& k : candidates) {
    if (k.can_verify(header->alg)) fitting.push_back(&k);
  }
  if (fitting.empty()) return fail(kNoMatchingKey, "no key fits the alg");
  if (fitting.size() > kMaxKidlessCandidates) return fail(kNoMatchingKey, "kid required: too many candidate keys");
  for (const auto* k : fitting) {
    if (jws_verify_signature(k->key.get(), header->alg, signing_input, *signature)) return accepted(*k);
  }
  return fail(kSignatureInvalid, "signature does not verify with any candidate key");
}

}  // namespace fapid::jose
