#pragma once
// The consents API (Open Finance Brasil consents API v3) on the mTLS listener: a TPP creates, reads,
// revokes and extends the consents its customers then approve on the consent page.
#include <memory>

#include "fapi/context.hpp"
#include "http/router.hpp"

namespace fapid::fapi {

void add_consents_api(http::Router& router, std::shared_ptr<const Context> ctx);

}  // namespace fapid::fapi
