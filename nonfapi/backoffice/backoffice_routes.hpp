#pragma once
// The back-office APIs and the public discovery endpoints (issue 6, item 5), in one call for the
// non-FAPI tree to make. Route table:
//
//   path                                       methods                     listeners
//   /backoffice/v1/outages                     GET POST OPTIONS            tls
//   /backoffice/v1/outages/{id}                GET PUT DELETE OPTIONS      tls   (prefix route)
//   /backoffice/v1/consents                    GET OPTIONS                 tls
//   /backoffice/v1/consents/{id}               GET OPTIONS                 tls   (prefix route, with:)
//   /backoffice/v1/consents/{id}/revoke        POST OPTIONS                tls
//   /open-banking/discovery/v1/status          GET                         tls, mtls
//   /open-banking/discovery/v1/outages         GET                         tls, mtls
//
// HEAD is served wherever GET is; every handler runs on the worker pool (they all reach the store).
// Details: outages_api.hpp, consents_admin_api.hpp, discovery_api.hpp.
#include <memory>

#include "http/router.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi {

void add_backoffice_routes(http::Router& router, std::shared_ptr<const nonfapi::Context> ctx);

}  // namespace fapid::nonfapi
