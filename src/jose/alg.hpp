#pragma once
// The JWS algorithms this server accepts or produces. A closed enum: `none`, HS* and anything else
// have no value here, so they cannot reach a verifier (ATTACKS.md A01–A04; RFC 8725 §3.1).
// RS256 exists for one reader only: the ID tokens of the institution's own IdP (OpenID Connect Core
// §15.1 makes it the one algorithm every OP supports). The server never signs with it, and no FAPI
// policy lists it: every verifier passes its own allow-list (jose::VerifyPolicy).
#include <optional>
#include <string_view>

namespace fapid::jose {

enum class Alg { PS256, ES256, RS256 };

// Exact, case-sensitive match (RFC 7515 §4.1.1: "alg" values are case-sensitive), so "none",
// "None", "ps256", "rs256" and "HS256" all give nullopt.
std::optional<Alg> alg_from(std::string_view name);
std::string_view to_string(Alg alg);

}  // namespace fapid::jose
