#pragma once
// The non-FAPI tree at /auth-nonfapi (Back Office Portal, federated staff login): routes and metadata.
#include <string>

#include "http/router.hpp"
#include "oidc/discovery.hpp"

namespace fapid::nonfapi {

inline constexpr std::string_view kIssuerPath = "/auth-nonfapi";

using TreeDeps = oidc::TreeDeps;

std::string metadata_document(const TreeDeps& deps);

void add_routes(http::Router& router, const TreeDeps& deps);

}  // namespace fapid::nonfapi
