#pragma once
// Routes that exist only in test builds (-DFAPID_TEST_ROUTES=ON): main registers them when compiled with
// that option and logs test_routes_enabled. Never linked into a release build.
#include <memory>

#include "fapi/context.hpp"
#include "fapi/test_routes/test_clock.hpp"
#include "http/router.hpp"

namespace fapid::fapi {

// POST <issuer>/test/interaction (the customer's decision without the pages) and POST <issuer>/test/clock
// (advance=SECONDS, 1 to 400 days' worth: moves `clock` forward and answers {"offset": total seconds}).
void add_test_routes(http::Router& router, std::shared_ptr<const Context> ctx, std::shared_ptr<TestClock> clock);

}  // namespace fapid::fapi
