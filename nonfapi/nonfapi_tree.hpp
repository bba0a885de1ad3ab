#pragma once
// The non-FAPI tree at /auth-nonfapi (Back Office Portal, federated staff login): routes and metadata.
#include <memory>
#include <string>

#include "http/router.hpp"
#include "nonfapi/context.hpp"
#include "oidc/discovery.hpp"

namespace fapid::nonfapi {

using TreeDeps = oidc::TreeDeps;

std::string metadata_document(const TreeDeps& deps);

// Registers the tree's endpoints and the back-office and public APIs; returns the context they share.
std::shared_ptr<const Context> add_routes(http::Router& router, NonFapiDeps deps);

}  // namespace fapid::nonfapi
