#pragma once
// Routes that exist only in test builds (-DFAPID_TEST_ROUTES=ON): main registers them when compiled with
// that option and logs test_routes_enabled. Never linked into a release build.
#include <memory>

#include "fapi/context.hpp"
#include "http/router.hpp"

namespace fapid::fapi {

void add_test_routes(http::Router& router, std::shared_ptr<const Context> ctx);

}  // namespace fapid::fapi
