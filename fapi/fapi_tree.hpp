#pragma once
// The FAPI tree at /auth: its routes and its metadata document.
#include <memory>

#include "config/config.hpp"
#include "http/router.hpp"

namespace fapid::jose {
class KeyStore;
}

namespace fapid::fapi {

inline constexpr std::string_view kIssuerPath = "/auth";

struct TreeDeps {
  config::ConfigPtr config;
  std::shared_ptr<const jose::KeyStore> keys;
};

// The metadata document, built from the registered endpoints and the profile policies of the
// configured FAPI clients. Exposed for tests.
std::string metadata_document(const TreeDeps& deps);

void add_routes(http::Router& router, const TreeDeps& deps);

}  // namespace fapid::fapi
