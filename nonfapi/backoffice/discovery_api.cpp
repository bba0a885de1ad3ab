#include "nonfapi/backoffice/discovery_api.hpp"

#include "nonfapi/backoffice/api_support.hpp"
#include "nonfapi/backoffice/outage_documents.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

// The endpoint's URL as the caller reached it: the mTLS listener's base for a call that came in there.
std::string self_url(const Call& call, std::string_view path) {
  const auto& server = call.ctx.cfg.server;
  const auto& base = call.req.peer.listener == http::Listener::mtls && !server.mtls_url.empty() ? server.mtls_url
                                                                                                : server.public_url;
  return base + std::string(path);
}

http::Response publish(std::string body) {
  http::Response res;
  res.status = 200;
  res.body = std::move(body);
  res.set("content-type", "application/json; charset=utf-8");
  res.set("cache-control", "public, max-age=" + std::to_string(kDiscoveryMaxAge.count()));
  return res;
}

// Errors (fail, refuse) are never cached.
http::Response status(const Call& call) {
  auto records = call.ctx.deps.outages->list(status_query(call.now));
  if (!records) return refuse(call, records.error());
  return publish(public_status_document(*records, call.now, self_url(call, kDiscoveryStatusPath)));
}

http::Response outages(const Call& call) {
  auto query = read_query(call.req);
  if (query.error) return fail(call, *query.error);
  auto page = parse_page_request(query.params->get("page"), query.params->get("page-size"));
  if (page.error) return fail(call, *page.error);
  const auto selection = public_outages_query(*page.value, call.now);
  auto total = call.ctx.deps.outages->count(selection);
  if (!total) return refuse(call, total.error());
  auto records = call.ctx.deps.outages->list(selection);
  if (!records) return refuse(call, records.error());
  return publish(public_outages_document(*records, page.value->page, page.value->page_size, *total,
                                               self_url(call, kDiscoveryOutagesPath), call.now));
}

}  // namespace

void add_discovery_api(http::Router& router, std::shared_ptr<const Context> ctx) {
  const auto both = http::listeners({http::Listener::tls, http::Listener::mtls});
  router.add({std::string(kDiscoveryStatusPath), {http::Method::get}, both, http::Execution::worker,
              [ctx](const http::Request& req) { return status(make_call(*ctx, req, kDiscoveryStatusPath)); }});
  router.add({std::string(kDiscoveryOutagesPath), {http::Method::get}, both, http::Execution::worker,
              [ctx](const http::Request& req) { return outages(make_call(*ctx, req, kDiscoveryOutagesPath)); }});
}

}  // namespace fapid::nonfapi::backoffice
