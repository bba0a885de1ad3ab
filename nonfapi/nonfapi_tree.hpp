#pragma once
// The non-FAPI tree at /auth-nonfapi (Back Office Portal, federated staff login): routes and metadata.
#include <memory>

#include "config/config.hpp"
#include "http/router.hpp"

namespace fapid::jose {
class KeyStore;
}

namespace fapid::nonfapi {

inline constexpr std::string_view kIssuerPath = "/auth-nonfapi";

struct TreeDeps {
  config::ConfigPtr config;
  std::shared_ptr<const jose::KeyStore> keys;
};

std::string metadata_document(const TreeDeps& deps);

void add_routes(http::Router& router, const TreeDeps& deps);

}  // namespace fapid::nonfapi
