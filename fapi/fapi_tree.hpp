#pragma once
// The FAPI tree at /auth: its routes and its metadata document.
#include <string>

#include "http/router.hpp"
#include "oidc/discovery.hpp"

namespace fapid::fapi {

inline constexpr std::string_view kIssuerPath = "/auth";

using TreeDeps = oidc::TreeDeps;

// The metadata document, built from the registered endpoints and the profile policies of the
// configured FAPI clients. Exposed for tests.
std::string metadata_document(const TreeDeps& deps);

void add_routes(http::Router& router, const TreeDeps& deps);

}  // namespace fapid::fapi
