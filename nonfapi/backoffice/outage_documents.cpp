// The rendering half of outage_documents.hpp: the back-office view and the public discovery documents.
#include "nonfapi/backoffice/outage_documents.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "fapi/consents/date_time.hpp"
#include "nonfapi/backoffice/iso_duration.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

using json = nlohmann::json;
using fapi::consents::format_date_time;
using storage::OutageRecord;

constexpr std::string_view kOkExplanation = "Todos os serviços estão disponíveis.";

// Never throws: text that is not UTF-8 (it cannot come from parse_outage_request, but a row may have
// been written by other means) is replaced rather than failing the whole document.
std::string dump(const json& doc) { return doc.dump(-1, ' ', false, json::error_handler_t::replace); }

// The members the back-office body and the public /outages item share.
json outage_members(const OutageRecord& o) {
  return {{"outageTime", format_date_time(o.outage_time)},
          {"duration", format_iso_duration(o.duration)},
          {"isPartial", o.is_partial},
          {"explanation", o.explanation},
          {"unavailableEndpoints", o.unavailable_endpoints}};
}

json meta(std::size_t records, std::size_t pages, TimePoint now) {
  return {{"totalRecords", records}, {"totalPages", pages}, {"requestDateTime", format_date_time(now)}};
}

std::string page_link(std::string_view self_url, std::size_t page, std::size_t page_size) {
  return std::string(self_url) + "?page=" + std::to_string(page) + "&page-size=" + std::to_string(page_size);
}

// data.status[] lists every condition that applies, in the order of the SPEC's v2 precedence
// OK < UNAVAILABLE < PARTIAL_FAILURE < SCHEDULED_OUTAGE, read as the order entries come in. A reader of
// /status asks first "can I call the API now?", so the first entry answers that: OK when no outage is
// in progress, otherwise the outage in progress (a total one before a partial one); announcements of
// what is coming follow. The other reading, "the highest wins and hides the rest", would answer
// SCHEDULED_OUTAGE while the API is down now: v2 means by SCHEDULED_OUTAGE a planned outage in force,
// where here (as the back office enters them) it announces one that has not started, so applying that
// reading would hide exactly what the reader needs. Within one code: by start, then id.
enum class StatusCode { ok, unavailable, partial_failure, scheduled_outage };  // in that order

std::string_view wire_name(StatusCode code) {
  switch (code) {
    case StatusCode::ok: return "OK";
    case StatusCode::unavailable: return "UNAVAILABLE";
    case StatusCode::partial_failure: return "PARTIAL_FAILURE";
    case StatusCode::scheduled_outage: return "SCHEDULED_OUTAGE";
  }
  return "OK";
}

struct StatusEntry {
  StatusCode code;
  const OutageRecord* outage;  // null for OK
};

// In progress: [outage_time, outage_time + duration) holds now. Announced: starts within the horizon.
std::optional<StatusCode> status_of(const OutageRecord& o, TimePoint now) {
  const auto end = o.outage_time + o.duration;
  if (o.outage_time <= now && now < end) return o.is_partial ? StatusCode::partial_failure : StatusCode::unavailable;
  if (now < o.outage_time && o.outage_time < now + kScheduledHorizon) return StatusCode::scheduled_outage;
  return std::nullopt;
}

json status_entry(const StatusEntry& e) {
  if (e.outage == nullptr) return {{"code", wire_name(e.code)}, {"explanation", kOkExplanation}};
  const auto& o = *e.outage;
  json entry{{"code", wire_name(e.code)},
             {"explanation", o.explanation},
             {"expectedResolutionTime", format_date_time(o.outage_time + o.duration)},
             {"updateTime", format_date_time(o.updated_at)}};
  // detectionTime is required for PARTIAL_FAILURE and UNAVAILABLE (SPEC); an outage that has not
  // started has not been detected.
  if (e.code != StatusCode::scheduled_outage) entry["detectionTime"] = format_date_time(o.outage_time);
  if (!o.unavailable_endpoints.empty()) entry["unavailableEndpoints"] = o.unavailable_endpoints;
  return entry;
}

}  // namespace

std::string outage_json(const OutageRecord& o) {
  json body = outage_members(o);
  body["id"] = o.id;
  body["createdAt"] = format_date_time(o.created_at);
  body["updatedAt"] = format_date_time(o.updated_at);
  body["updatedBy"] = o.updated_by;
  return dump(body);
}

std::string public_outages_document(const std::vector<OutageRecord>& records, std::size_t page, std::size_t page_size,
                                    std::size_t total, std::string_view self_url, TimePoint now) {
  page = std::max<std::size_t>(page, 1);
  page_size = std::max<std::size_t>(page_size, 1);
  const std::size_t pages = std::max<std::size_t>((total + page_size - 1) / page_size, 1);
  auto data = json::array();
  for (const auto& o : records) data.push_back(outage_members(o));
  json links{{"self", page_link(self_url, page, page_size)},
             {"first", page_link(self_url, 1, page_size)},
             {"last", page_link(self_url, pages, page_size)}};
  if (page > 1) links["prev"] = page_link(self_url, std::min(page - 1, pages), page_size);
  if (page < pages) links["next"] = page_link(self_url, page + 1, page_size);
  return dump(json{{"data", std::move(data)}, {"links", std::move(links)}, {"meta", meta(total, pages, now)}});
}

std::string public_status_document(const std::vector<OutageRecord>& records, TimePoint now,
                                   std::string_view self_url) {
  std::vector<StatusEntry> entries;
  for (const auto& o : records) {
    if (const auto code = status_of(o, now)) entries.push_back({*code, &o});
  }
  const bool in_progress = std::any_of(entries.begin(), entries.end(),
                                       [](const StatusEntry& e) { return e.code != StatusCode::scheduled_outage; });
  if (!in_progress) entries.push_back({StatusCode::ok, nullptr});
  std::sort(entries.begin(), entries.end(), [](const StatusEntry& a, const StatusEntry& b) {
    if (a.code != b.code) return a.code < b.code;
    if (a.outage == nullptr || b.outage == nullptr) return false;  // one OK entry at most
    if (a.outage->outage_time != b.outage->outage_time) return a.outage->outage_time < b.outage->outage_time;
    return a.outage->id < b.outage->id;
  });
  auto status = json::array();
  for (const auto& e : entries) status.push_back(status_entry(e));
  const std::string self(self_url);
  json links{{"self", self}, {"first", self}, {"last", self}};
  return dump(json{{"data", {{"status", std::move(status)}}}, {"links", std::move(links)}, {"meta", meta(entries.size(), 1, now)}});
}

std::string errors_document(const BackofficeError& e, TimePoint now) {
  return dump(json{{"errors", {{{"code", e.code}, {"title", e.title}, {"detail", e.detail}}}},
                   {"meta", {{"requestDateTime", format_date_time(now)}}}});
}

}  // namespace fapid::nonfapi::backoffice
