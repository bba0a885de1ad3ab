#pragma once
// Proof of possession at the FAPI tree's endpoints: the mTLS certificate thumbprint (RFC 8705 §3) and
// DPoP proofs (RFC 9449 §4.3) with the server-side checks a pure validator cannot do: `jti` single use
// across instances and server-provided nonces.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "fapi/context.hpp"
#include "http/request.hpp"
#include "oauth/dpop_proof.hpp"
#include "storage/records.hpp"

namespace fapid::fapi {

// Every value of the DPoP header (RFC 9449 §4.3 check 1 needs to see duplicates).
std::vector<std::string_view> dpop_header_values(const http::Request& req);

struct DpopRequirement {
  std::string url;                           // the endpoint's URL as the client addresses it (htu)
  std::optional<std::string> access_token;   // required `ath` (userinfo, resource requests)
  std::optional<std::string> expected_jkt;   // the key the code or token is bound to
  bool require_nonce = false;
};

// A valid, fresh, never-seen proof, or invalid_dpop_proof / use_dpop_nonce (whose response carries a
// DPoP-Nonce header, see with_dpop_nonce) / temporarily_unavailable.
Result<oauth::DpopProof> check_dpop_proof(const Context& ctx, const http::Request& req, const DpopRequirement& need);

// Adds a fresh DPoP-Nonce header (RFC 9449 §8.1) to any response of an endpoint that accepts DPoP.
http::Response with_dpop_nonce(const Context& ctx, http::Response r);

// The confirmation a token issued on this connection is bound to: the client certificate for mTLS
// clients, the proof key for DPoP clients (SPEC S1, S2, S4).
storage::Confirmation certificate_confirmation(const http::Peer& peer);

}  // namespace fapid::fapi
