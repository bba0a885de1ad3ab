#pragma once
// The one way an endpoint's refusal is recorded (issue 4: every rejection is logged and counted): a log
// line with the private detail (never a token: details are written by our code) and a counter by route
// and error code, for both trees.
#include <string_view>

#include "core/oauth_error.hpp"
#include "http/metrics.hpp"
#include "http/request.hpp"

namespace fapid::http {

// `metrics` may be null (unit tests that build routes without a server).
void record_oauth_error(Metrics* metrics, std::string_view route, const Request& req, const OAuthError& e,
                        std::string_view client_id = {});

}  // namespace fapid::http
