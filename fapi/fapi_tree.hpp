#pragma once
// The FAPI tree at /auth: its routes and its metadata document.
#include <string>

#include "fapi/context.hpp"
#include "http/router.hpp"
#include "oidc/discovery.hpp"

namespace fapid::fapi {

using TreeDeps = oidc::TreeDeps;

// The metadata document, built from the registered endpoints and the profile policies of the
// configured FAPI clients. Exposed for tests.
std::string metadata_document(const TreeDeps& deps);

// Registers the tree's endpoints; returns the context they share (test builds hand it to add_test_routes).
std::shared_ptr<const Context> add_routes(http::Router& router, FapiDeps deps);

}  // namespace fapid::fapi
