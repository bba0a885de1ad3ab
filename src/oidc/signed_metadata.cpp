#include "oidc/signed_metadata.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "jose/key_store.hpp"

namespace fapid::oidc {

std::string with_signed_metadata(const std::string& document, const jose::KeyStore& keys) {
  auto doc = nlohmann::ordered_json::parse(document);
  const auto algs = keys.signing_algs();
  if (algs.empty()) throw std::runtime_error("signed_metadata: no active signing key");
  nlohmann::ordered_json claims = doc;
  claims["iss"] = doc.at("issuer");
  auto jws = keys.sign(algs.front(), claims.dump(), "JWT");
  if (!jws) throw std::runtime_error("signed_metadata: " + jws.error().detail);
  doc["signed_metadata"] = *jws;
  return doc.dump();
}

}  // namespace fapid::oidc
