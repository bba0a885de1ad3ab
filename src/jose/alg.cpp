#include "jose/alg.hpp"

namespace fapid::jose {

std::optional<Alg> alg_from(std::string_view name) {
  if (name == "PS256") return Alg::PS256;
  if (name == "ES256") return Alg::ES256;
  if (name == "RS256") return Alg::RS256;
  return std::nullopt;
}

std::string_view to_string(Alg alg) {
  switch (alg) {
    case Alg::PS256: return "PS256";
    case Alg::ES256: return "ES256";
    case Alg::RS256: return "RS256";
  }
  return "invalid";
}

}  // namespace fapid::jose
