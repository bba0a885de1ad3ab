#pragma once
// JWK (RFC 7517, RFC 7518 §6) to and from OpenSSL keys, public parts only. Internal header.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "jose/openssl_ptr.hpp"

namespace fapid::jose {

enum class Kty { RSA, EC };

// {kty, kid, use, alg, n, e} or {kty, kid, use, alg, crv, x, y}: never a private member.
// nullopt if `key` is neither RSA nor EC P-256.
std::optional<nlohmann::ordered_json> public_jwk(EVP_PKEY* key, const std::string& kid, const std::string& use,
                                                 const std::string& alg);

struct ParsedJwk {
  Kty kty = Kty::RSA;
  std::optional<std::string> kid;
  std::optional<std::string> use;
  std::optional<std::string> alg;
  SharedPkey key;
};

// One public JWK. On failure returns the reason (for the log), e.g. "RSA key shorter than 2048 bits".
// Rejects private members, "oct" and unknown kty, non-string kid/use/alg, RSA outside 2048–8192 bits,
// EC other than P-256, and points that fail OpenSSL's public-key check.
struct JwkParse {
  std::optional<ParsedJwk> jwk;
  std::string error;
};
JwkParse parse_public_jwk(const nlohmann::json& member);

}  // namespace fapid::jose
