#include "nonfapi/backoffice/backoffice_routes.hpp"

#include "nonfapi/backoffice/consents_admin_api.hpp"
#include "nonfapi/backoffice/discovery_api.hpp"
#include "nonfapi/backoffice/outages_api.hpp"

namespace fapid::nonfapi {

void add_backoffice_routes(http::Router& router, std::shared_ptr<const Context> ctx) {
  backoffice::add_outages_api(router, ctx);
  backoffice::add_consents_admin_api(router, ctx);
  backoffice::add_discovery_api(router, std::move(ctx));
}

}  // namespace fapid::nonfapi
