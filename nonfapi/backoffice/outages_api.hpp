#pragma once
// The back office's service outages (issue 6, item 5), what staff enter for the public discovery
// endpoints to publish (discovery_api.hpp). Bodies are outage_documents.hpp's; answers the
// `data`/`links`/`meta` envelope, failures `errors[]`.
//
//   GET    /backoffice/v1/outages?page=&page-size=   oob_outages:read   every outage, past ones too,
//                                                     latest outageTime first (then id, reversed)
//   POST   /backoffice/v1/outages                    oob_outages:write  201 + Location; updatedBy = staff sub
//   GET    /backoffice/v1/outages/{id}               oob_outages:read   404 for an unknown id
//   PUT    /backoffice/v1/outages/{id}               oob_outages:write  replaces every field; 404 unknown
//   DELETE /backoffice/v1/outages/{id}               oob_outages:write  204; 404 unknown
//   OPTIONS on both paths                            CORS preflight for the portal
//
// Every write is appended to the audit log (outage.created/updated/deleted) with the staff member.
#include <memory>

#include "http/router.hpp"
#include "nonfapi/context.hpp"

namespace fapid::nonfapi::backoffice {

inline constexpr std::string_view kOutagesPath = "/backoffice/v1/outages";

void add_outages_api(http::Router& router, std::shared_ptr<const Context> ctx);

}  // namespace fapid::nonfapi::backoffice
