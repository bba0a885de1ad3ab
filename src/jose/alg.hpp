#pragma once
// The JWS algorithms this server accepts or produces. A closed enum: `none`, HS*, RS256 and anything
// else have no value here, so they cannot reach a verifier (ATTACKS.md A01–A04; RFC 8725 §3.1).
#include <optional>
#include <string_view>

namespace fapid::jose {

enum class Alg { PS256, ES256 };

// Exact, case-sensitive match (RFC 7515 §4.1.1: "alg" values are case-sensitive), so "none",
// "None", "ps256" and "HS256" all give nullopt.
std::optional<Alg> alg_from(std::string_view name);
std::string_view to_string(Alg alg);

}  // namespace fapid::jose
