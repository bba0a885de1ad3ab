#pragma once
// The authorization parameters of a PAR request, checked against the client's registration and its
// profile (SPEC P3, P8, P9, P10, A3, A4, A5, A6, A11, R5, I9). Pure: reads nothing, writes nothing.
#include "core/result.hpp"
#include "fapi/authorization_request.hpp"
#include "fapi/par/request_object.hpp"
#include "oauth/client_registry.hpp"

namespace fapid::fapi {

inline constexpr std::size_t kMaxStateBytes = 2048;
inline constexpr std::size_t kMaxNonceBytes = 255;  // A5: ≥ 64 supported; 384 may be refused

Result<AuthorizationRequest> validate_authorization_parameters(const ParameterMap& params,
                                                               const oauth::RegisteredClient& client);

}  // namespace fapid::fapi
