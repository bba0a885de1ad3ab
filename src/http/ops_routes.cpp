#include "http/ops_routes.hpp"

#include "http/responses.hpp"

namespace fapid::http {

void add_ops_routes(Router& router, const Metrics& metrics, std::function<bool()> ready) {
  const auto ops = listeners({Listener::ops});
  router.add({"/healthz", {Method::get}, ops, Execution::inline_,
              [](const Request&) { return json(200, R"({"status":"ok"})", Cache::no_store); }});
  // readyz may ask the stores, which can block: it runs on the worker pool.
  router.add({"/readyz", {Method::get}, ops, Execution::worker, [ready = std::move(ready)](const Request&) {
                return ready() ? json(200, R"({"status":"ready"})", Cache::no_store)
                               : json(503, R"({"status":"not_ready"})", Cache::no_store);
              }});
  router.add({"/metrics", {Method::get}, ops, Execution::inline_, [&metrics](const Request&) {
                return text(200, metrics.render_prometheus(), "text/plain; version=0.0.4; charset=utf-8",
                            Cache::no_store);
              }});
}

}  // namespace fapid::http
