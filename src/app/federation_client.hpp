#pragma once
// The client of the institution's IdP, built from `federation:` (null when federation is off). Part of
// main's wiring: src/ otherwise knows nothing of federation/.
#include <memory>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "federation/idp_client.hpp"

namespace fapid::app {

// Fails only when the trust anchors in federation.caFile cannot be loaded.
Result<std::shared_ptr<federation::IdpClient>> federation_client(const config::Config& cfg, const Clock& clock);

}  // namespace fapid::app
