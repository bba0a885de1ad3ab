// libFuzzer target for validate_dpop_proof (RFC 9449 §4.3), two ways per input:
//   1. the input as the single DPoP header value: every check up to the signature. Anyone can make a
//      valid proof (its key is inside it), so corpus/dpop_proof/ holds valid proofs for the fixed
//      expectations below and near-valid variants, which take the fuzzer through the claim checks too;
//   2. the input as the claims of a proof the harness signs with its own ES256 key (structure-aware,
//      as ATTACKS.md fuzz target 7): jti/htm/htu/iat/ath parsing and htu normalisation, behind the
//      signature, see arbitrary JSON. Seeds whose name starts with "claims-" are such claim sets.
// Oracle: whatever is accepted satisfies the invariants callers rely on; refusals are 400
// invalid_dpop_proof; two headers are always refused.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "jose/base64url.hpp"
#include "jose/jwk.hpp"
#include "jose/jws_signature.hpp"
#include "jose/openssl_ptr.hpp"
#include "oauth/dpop_proof.hpp"

namespace {

using namespace std::chrono_literals;
using namespace fapid;

// The seeds say iat 1700000000, htm POST, htu https://as.example/token; the RS seed binds
// ath = base64url(SHA-256("fuzz-access-token")).
const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'700'000'000)};

const oauth::DpopExpectation kTokenEndpoint{http::Method::post, "https://as.example/token", kNow, 10s, 60s,
                                            std::nullopt, std::nullopt};
const oauth::DpopExpectation kResourceServer{http::Method::post, "https://as.example/token", kNow, 10s, 60s,
                                             std::string("fuzz-access-token"), std::nullopt};

struct HarnessKey {
  jose::OsslPtr<EVP_PKEY> key{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
  std::string header_b64 = [this] {
    nlohmann::ordered_json jwk = *jose::public_jwk(key.get(), "", "sig", "ES256");
    for (const char* name : {"kid", "use", "alg"}) jwk.erase(name);
    return jose::base64url_encode(nlohmann::ordered_json{{"typ", "dpop+jwt"}, {"alg", "ES256"}, {"jwk", jwk}}.dump());
  }();
};

std::string signed_proof(std::string_view claims) {
  static const HarnessKey harness;
  std::string input = harness.header_b64 + "." + jose::base64url_encode(claims);
  auto signature = jose::jws_sign(harness.key.get(), jose::Alg::ES256, input);
  if (!signature) __builtin_trap();
  return input + "." + jose::base64url_encode(*signature);
}

void check(std::string_view proof, const oauth::DpopExpectation& expected) {
  auto result = oauth::validate_dpop_proof({proof}, expected);
  if (result) {
    const auto& p = *result;
    bool ok = !p.jti.empty() && p.jti.size() <= oauth::kMaxDpopJtiBytes && p.jkt.size() == 43 &&
              jose::is_base64url_alphabet(p.jkt) && p.iat <= expected.now + expected.max_future_skew &&
              p.iat >= expected.now - expected.max_age && proof.size() <= oauth::kMaxDpopProofBytes;
    if (!ok) __builtin_trap();
    // Bound to the key it was made with: with that jkt expected it passes, with another it fails.
    auto bound = expected;
    bound.expected_jkt = p.jkt;
    if (!oauth::validate_dpop_proof({proof}, bound)) __builtin_trap();
    bound.expected_jkt = p.jkt == std::string(43, 'A') ? std::string(43, 'B') : std::string(43, 'A');
    if (oauth::validate_dpop_proof({proof}, bound)) __builtin_trap();
  } else if (result.error().code != ErrorCode::invalid_dpop_proof || result.error().status != 400) {
    __builtin_trap();
  }
  if (oauth::validate_dpop_proof({proof, proof}, expected)) __builtin_trap();  // RFC 9449 §4.3 step 1
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  check(input, kTokenEndpoint);
  check(input, kResourceServer);
  if (size <= oauth::kMaxDpopProofBytes) {
    const std::string proof = signed_proof(input);
    check(proof, kTokenEndpoint);
    check(proof, kResourceServer);
  }
  return 0;
}
