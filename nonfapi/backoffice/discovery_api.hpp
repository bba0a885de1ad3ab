#pragma once
// The public Open Finance Brasil discovery endpoints (SPEC, Open Finance Brasil API shapes §1), which
// publish the outages the institution's staff entered in the back office (issue 6, item 5):
//
//   GET /open-banking/discovery/v1/status               public_status_document
//   GET /open-banking/discovery/v1/outages?page=&page-size=   public_outages_document
//
// Unauthenticated, on both TLS listeners (links name the listener the call came in on), cacheable by
// anyone for kDiscoveryMaxAge: a short staleness is the price of not hitting the store on every poll.
// A bad page is 400 `errors[]`; a store that cannot answer 503.
#include <chrono>
#include <memory>

#include "http/router.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi::backoffice {

inline constexpr std::string_view kDiscoveryStatusPath = "/open-banking/discovery/v1/status";
inline constexpr std::string_view kDiscoveryOutagesPath = "/open-banking/discovery/v1/outages";
inline constexpr std::chrono::seconds kDiscoveryMaxAge{60};

void add_discovery_api(http::Router& router, std::shared_ptr<const Context> ctx);

}  // namespace fapid::nonfapi::backoffice
