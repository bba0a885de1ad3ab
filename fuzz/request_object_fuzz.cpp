// libFuzzer target for fapi::read_request_object (RFC 9101; SPEC section 7, ATTACKS.md A01-A15 and fuzz
// target 7), structure-aware, three ways per input:
//   1. the input as a (header, claims) pair: with a NUL byte, what precedes it is the protected header and
//      what follows the claims; without one, the whole input is the claims under the header
//      {"alg":"PS256","kid":"tpp-one-sig","typ":"oauth-authz-req+jwt"}. The harness signs it with
//      tpp-one's fixed PS256 key, so the claim checks behind the signature see arbitrary JSON;
//   2. an object accepted in 1 is encrypted to the server's key (nested JWT, R7) and must be accepted
//      again with the same parameters, and its jti remembered exactly once;
//   3. the raw input as the compact request (JWS or JWE): seeds starting "raw-" are such tokens.
// Oracle for anything accepted (for tpp-one, fapi1-advanced): the signing alg is PS256, iss and client_id
// are tpp-one, aud names the issuer, exp is in the future, nbf is present, not more than the skew ahead,
// not more than 60 min old and exp - nbf <= 3600 (R2), iat not ahead, no request/request_uri and no
// registered claim among the parameters. Reading changes nothing (the TTL store stays empty, the grant
// repository traps when touched); refusals are 400 invalid_request_object; tpp-two's keys never verify it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fapi/par/request_object.hpp"
#include "fapi_fuzz_support.hpp"
#include "jose/jwe.hpp"

namespace {

using namespace fapid;
using fuzz::harness;

constexpr std::string_view kDefaultHeader = R"({"alg":"PS256","kid":"tpp-one-sig","typ":"oauth-authz-req+jwt"})";

void require(bool ok) {
  if (!ok) __builtin_trap();
}

// The claims of a compact request as the oracle sees them: a JWE is decrypted with the server's key.
std::optional<nlohmann::json> claims_of(std::string_view compact, nlohmann::json* header) {
  std::string jws(compact);
  if (std::count(compact.begin(), compact.end(), '.') == 4) {
    auto d = harness().keys->decrypt_jwe(compact, fapi::kMaxRequestObjectBytes);
    if (!d) return std::nullopt;
    jws = d->plaintext;
  }
  if (header) {
    auto h = fuzz::segment_json(jws, 0);
    if (!h) return std::nullopt;
    *header = std::move(*h);
  }
  return fuzz::segment_json(jws, 1);
}

void check_accepted(std::string_view compact, const fapi::RequestObject& out) {
  nlohmann::json header;
  const auto claims = claims_of(compact, &header);
  require(claims && claims->is_object() && header.is_object());
  const auto& c = *claims;
  const double now = static_cast<double>(fuzz::kNow);
  require(fuzz::string_member(header, "alg") == "PS256");  // R1, K3: fapi1-advanced signs with PS256 only
  require(c.contains("iss") && c["iss"] == "tpp-one");
  require(c.contains("client_id") && c["client_id"] == "tpp-one");
  require(fuzz::audience_has(c, harness().ctx->issuer, true));
  const auto exp = fuzz::number(c, "exp"), nbf = fuzz::number(c, "nbf"), iat = fuzz::number(c, "iat");
  require(exp && *exp > now);
  require(nbf && *nbf <= now + fuzz::kSkew && *nbf >= now - 3600);
  require(*exp - *nbf <= 3600);
  if (c.contains("iat")) require(iat && *iat <= now + fuzz::kSkew);
  for (const char* name : {"request", "request_uri", "iss", "aud", "exp", "nbf", "iat", "jti", "sub"})
    require(!out.params.count(name));
  require(out.remaining.count() > 0);
  require(out.jti == (c.contains("jti") && c["jti"].is_string() ? c["jti"].get<std::string>() : ""));
}

// Returns the object when accepted for tpp-one.
std::optional<fapi::RequestObject> check(std::string_view compact) {
  auto& h = harness();
  h.store->clear();
  auto result = fapi::read_request_object(*h.ctx, h.client("tpp-one"), compact);
  require(h.store->size() == 0 && h.store->writes() == 0);  // reading changes nothing
  // R1, A05: another client's keys never verify tpp-one's objects (nor anything the fuzzer made).
  auto other = fapi::read_request_object(*h.ctx, h.client("tpp-two"), compact);
  require(!other && other.error().code == ErrorCode::invalid_request_object);
  if (!result) {
    require(result.error().code == ErrorCode::invalid_request_object && result.error().status == 400);
    return std::nullopt;
  }
  check_accepted(compact, *result);
  fuzz::note_accepted(std::count(compact.begin(), compact.end(), '.') == 4 ? "JWE request object" : "request object",
                      "tpp-one");
  return std::move(*result);
}

void nested_and_replay(const std::string& jws, const fapi::RequestObject& plain) {
  auto& h = harness();
  auto jwe = jose::encrypt_jwe(h.server_enc_public, jws, "JWT");
  require(jwe.has_value());
  if (jwe->size() <= fapi::kMaxRequestObjectBytes) {
    auto nested = check(*jwe);
    require(nested && nested->params == plain.params && nested->jti == plain.jti);
  }
  // A jti is pushed once (R-section replay): remembered, then refused; no jti, nothing written.
  h.store->clear();
  require(fapi::remember_request_object(*h.ctx, h.client("tpp-one"), plain).has_value());
  require(h.store->size() == (plain.jti.empty() ? 0u : 1u));
  auto again = fapi::remember_request_object(*h.ctx, h.client("tpp-one"), plain);
  require(plain.jti.empty() ? again.has_value() : (!again && again.error().code == ErrorCode::invalid_request_object));
  h.store->clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto& h = harness();

  // 3: the raw input as the compact request object.
  check(input);

  // 1 and 2: the input as header and claims, signed by the client.
  if (size > fapi::kMaxRequestObjectBytes) return 0;
  std::string_view header = kDefaultHeader, claims = input;
  if (const auto nul = input.find('\0'); nul != std::string_view::npos) {
    header = input.substr(0, nul);
    claims = input.substr(nul + 1);
  }
  const std::string jws = h.sign(header, claims, h.rsa.get(), jose::Alg::PS256);
  if (auto accepted = check(jws)) nested_and_replay(jws, *accepted);
  return 0;
}
