#pragma once
// Operations endpoints, served on the plain-HTTP ops listener only (DESIGN.md: loopback or internal).
#include <functional>

#include "http/metrics.hpp"
#include "http/router.hpp"

namespace fapid::http {

// GET /healthz (the process serves), /readyz (ready() says the stores answer), /metrics (Prometheus).
// `metrics` must outlive the router.
void add_ops_routes(Router& router, const Metrics& metrics, std::function<bool()> ready);

}  // namespace fapid::http
