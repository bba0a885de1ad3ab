#include "nonfapi/backoffice/outages_api.hpp"

#include <algorithm>
#include <chrono>

#include "log/logger.hpp"
#include "nonfapi/backoffice/api_support.hpp"
#include "nonfapi/endpoint_support.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

using json = nlohmann::json;
using storage::OutageRecord;

constexpr std::string_view kListRoute = "/backoffice/v1/outages";
constexpr std::string_view kItemRoute = "/backoffice/v1/outages/{id}";

std::string item_url(const Call& call, std::string_view id) {
  return public_url(call.ctx, kOutagesPath) + "/" + path_segment(id);
}

json outage_data(const OutageRecord& o) { return json::parse(outage_json(o)); }

BackofficeError unknown_outage() { return not_found("Nenhuma indisponibilidade tem esse id."); }

// The page the list shows, latest outageTime first. The store lists oldest first, so page p of the
// reversed list is a window counted from the end: [total - p*size, total - (p-1)*size), reversed.
struct Window {
  std::size_t offset = 0;
  std::size_t limit = 0;  // 0: the page is past the end
};
Window newest_first(const PageRequest& page, std::size_t total) {
  const std::size_t skipped = (page.page - 1) * page.page_size;
  if (skipped >= total) return {};
  const std::size_t end = total - skipped;
  const std::size_t start = end > page.page_size ? end - page.page_size : 0;
  return {start, end - start};
}

http::Response list(const Call& call) {
  auto staff = authenticate(call, kOutagesRead);
  if (staff.refusal) return std::move(*staff.refusal);
  const auto& client_id = staff.token->client_id;
  auto query = read_query(call.req);
  if (query.error) return fail(call, *query.error, client_id);
  auto page = parse_page_request(query.params->get("page"), query.params->get("page-size"));
  if (page.error) return fail(call, *page.error, client_id);

  auto& outages = *call.ctx.deps.outages;
  auto total = outages.count(storage::OutageQuery{});
  if (!total) return refuse(call, total.error(), client_id);
  std::vector<OutageRecord> records;
  if (const auto window = newest_first(*page.value, *total); window.limit > 0) {
    auto listed = outages.list(storage::OutageQuery{.limit = window.limit, .offset = window.offset});
    if (!listed) return refuse(call, listed.error(), client_id);
    records = std::move(*listed);
    std::reverse(records.begin(), records.end());
  }
  auto data = json::array();
  for (const auto& o : records) data.push_back(outage_data(o));
  log::info("backoffice_outages_listed",
            {{"subject", std::string_view(staff.token->subject)}, {"client_id", std::string_view(client_id)},
             {"results", records.size()}, {"request_id", std::string_view(call.req.request_id)}});
  return respond(call, 200, page_envelope(std::move(data), public_url(call.ctx, kOutagesPath), "", *page.value, *total, call.now));
}

// The validated body as a record; `id`, `created_at` as given.
OutageRecord from_draft(OutageDraft draft, std::string id, TimePoint created_at, TimePoint now, const StaffToken& staff) {
  OutageRecord o;
  o.id = std::move(id);
  o.outage_time = draft.outage_time;
  o.duration = draft.duration;
  o.is_partial = draft.is_partial;
  o.explanation = std::move(draft.explanation);
  o.unavailable_endpoints = std::move(draft.unavailable_endpoints);
  o.created_at = created_at;
  o.updated_at = now;
  o.updated_by = staff.subject;
  return o;
}

// Steps shared by POST and PUT: write scope, a JSON body, a valid outage.
struct Draft {
  std::optional<StaffToken> staff;
  std::optional<OutageDraft> draft;
  std::optional<http::Response> refusal;
};
Draft read_draft(const Call& call) {
  auto staff = authenticate(call, kOutagesWrite);
  if (staff.refusal) return {std::nullopt, std::nullopt, std::move(staff.refusal)};
  const auto& client_id = staff.token->client_id;
  if (auto e = check_json_body(call.req)) return {std::nullopt, std::nullopt, fail(call, *e, client_id)};
  auto parsed = parse_outage_request(call.req.body, call.now);
  if (parsed.error) return {std::nullopt, std::nullopt, fail(call, *parsed.error, client_id)};
  return {std::move(staff.token), std::move(parsed.value), std::nullopt};
}

void log_call(std::string_view event, const Call& call, const StaffToken& staff, std::string_view id) {
  log::info(event, {{"outage_id", id}, {"subject", std::string_view(staff.subject)},
                    {"client_id", std::string_view(staff.client_id)},
                    {"request_id", std::string_view(call.req.request_id)}});
}

http::Response create(const Call& call) {
  auto input = read_draft(call);
  if (input.refusal) return std::move(*input.refusal);
  const auto& staff = *input.staff;
  // Whole seconds: what the wire shows is what is stored.
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(call.now);
  auto outage = from_draft(std::move(*input.draft), storage::new_outage_id(call.ctx.random()), now, now, staff);
  if (auto created = call.ctx.deps.outages->create(outage); !created)
    return refuse(call, created.error(), staff.client_id);
  audit(call, staff, "outage.created", {{"outage_id", outage.id}});
  log_call("backoffice_outage_created", call, staff, outage.id);
  const auto url = item_url(call, outage.id);
  auto res = respond(call, 201, envelope(outage_data(outage), url, call.now));
  res.set("Location", url);
  return res;
}

http::Response read(const Call& call, const std::optional<std::string>& id) {
  auto staff = authenticate(call, kOutagesRead);
  if (staff.refusal) return std::move(*staff.refusal);
  const auto& client_id = staff.token->client_id;
  if (!id) return fail(call, unknown_outage(), client_id);
  auto found = call.ctx.deps.outages->find(*id);
  if (!found) return refuse(call, found.error(), client_id);
  if (!*found) return fail(call, unknown_outage(), client_id);
  log_call("backoffice_outage_read", call, *staff.token, *id);
  return respond(call, 200, envelope(outage_data(**found), item_url(call, *id), call.now));
}

http::Response replace(const Call& call, const std::optional<std::string>& id) {
  auto input = read_draft(call);
  if (input.refusal) return std::move(*input.refusal);
  const auto& staff = *input.staff;
  if (!id) return fail(call, unknown_outage(), staff.client_id);
  auto& outages = *call.ctx.deps.outages;
  auto found = outages.find(*id);
  if (!found) return refuse(call, found.error(), staff.client_id);
  if (!*found) return fail(call, unknown_outage(), staff.client_id);
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(call.now);
  auto outage = from_draft(std::move(*input.draft), *id, (*found)->created_at, now, staff);
  auto updated = outages.update(outage);
  if (!updated) return refuse(call, updated.error(), staff.client_id);
  if (!*updated) return fail(call, unknown_outage(), staff.client_id);  // deleted meanwhile
  audit(call, staff, "outage.updated", {{"outage_id", outage.id}});
  log_call("backoffice_outage_updated", call, staff, outage.id);
  return respond(call, 200, envelope(outage_data(outage), item_url(call, outage.id), call.now));
}

http::Response remove(const Call& call, const std::optional<std::string>& id) {
  auto staff = authenticate(call, kOutagesWrite);
  if (staff.refusal) return std::move(*staff.refusal);
  const auto& token = *staff.token;
  if (!id) return fail(call, unknown_outage(), token.client_id);
  auto removed = call.ctx.deps.outages->remove(*id);
  if (!removed) return refuse(call, removed.error(), token.client_id);
  if (!*removed) return fail(call, unknown_outage(), token.client_id);
  audit(call, token, "outage.deleted", {{"outage_id", *id}});
  log_call("backoffice_outage_deleted", call, token, *id);
  return no_content(call);
}

http::Response collection(const Context& ctx, const http::Request& req) {
  const auto call = make_call(ctx, req, kListRoute);
  switch (req.method) {
    case http::Method::options: return cors_preflight(ctx, req, "GET, POST");
    case http::Method::post: return create(call);
    default: return list(call);  // GET or HEAD: the router serves nothing else here
  }
}

http::Response item(const Context& ctx, const http::Request& req) {
  const auto call = make_call(ctx, req, kItemRoute);
  const auto id = path_id(std::string_view(req.path).substr(kOutagesPath.size() + 1));
  switch (req.method) {
    case http::Method::options: return cors_preflight(ctx, req, "GET, PUT, DELETE");
    case http::Method::put: return replace(call, id);
    case http::Method::del: return remove(call, id);
    default: return read(call, id);
  }
}

}  // namespace

void add_outages_api(http::Router& router, std::shared_ptr<const Context> ctx) {
  using http::Method;
  const auto tls = http::listeners({http::Listener::tls});
  router.add({std::string(kOutagesPath), {Method::get, Method::post, Method::options}, tls, http::Execution::worker,
              [ctx](const http::Request& req) { return collection(*ctx, req); }});
  router.add({std::string(kOutagesPath) + "/", {Method::get, Method::put, Method::del, Method::options}, tls,
              http::Execution::worker, [ctx](const http::Request& req) { return item(*ctx, req); }, true});
}

}  // namespace fapid::nonfapi::backoffice
