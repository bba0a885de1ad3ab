#pragma once
// Service outages as JSON (issue 6), pure functions with no I/O: the back-office request body the
// institution's staff send (validated into a draft), the back-office view of a stored outage, and the
// public Open Finance Brasil discovery documents `GET /open-banking/discovery/v1/outages` and `/status`
// (SPEC, Open Finance Brasil API shapes §1: `data`, `links`, `meta`; times UTC "YYYY-MM-DDThh:mm:ssZ").
//
// Back-office body: {"outageTime":"2026-12-02T10:00:00Z", "duration":"PT2H30M", "isPartial":false,
//                    "explanation":"...", "unavailableEndpoints":["https://..."]}  (the last is optional)
// Errors reuse the Open Finance vocabulary of the consents API (fapi/consents/consent_request.hpp), so
// the portal reads one `errors[]` shape. In the order they are checked:
//   400 PARAMETRO_INVALIDO       not JSON, too big or too deep, a duplicate or unknown member, a wrong
//                                type, outageTime or duration not in their wire form
//   400 PARAMETRO_NAO_INFORMADO  outageTime, duration, isPartial or explanation missing
//   422 DURACAO_INVALIDA         duration zero or above kMaxOutageDuration
//   422 EXPLICACAO_INVALIDA      explanation blank or above kMaxExplanationBytes
//   422 ENDPOINTS_INVALIDOS      more than kMaxUnavailableEndpoints, one not an https URL or too long, a
//                                duplicate, or a partial outage naming none
//   422 DATA_INDISPONIBILIDADE_INVALIDA  the outage has already ended at `now`
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/outage_repository.hpp"

namespace fapid::nonfapi::backoffice {

using storage::TimePoint;

inline constexpr std::size_t kMaxOutageBodyBytes = 128 * 1024;  // 50 endpoints of 2 KiB fit, with slack
inline constexpr std::chrono::seconds kMaxOutageDuration = std::chrono::days(30);
inline constexpr std::size_t kMaxExplanationBytes = 2000;        // UTF-8 bytes, after JSON unescaping
inline constexpr std::size_t kMaxUnavailableEndpoints = 50;
inline constexpr std::size_t kMaxEndpointUrlBytes = 2048;
inline constexpr std::chrono::seconds kScheduledHorizon = std::chrono::days(7);  // SCHEDULED_OUTAGE ahead of time
inline constexpr std::size_t kDefaultPageSize = 25;
inline constexpr std::size_t kMaxPageSize = storage::kMaxOutageListLimit;  // discovery v2: at most 1000

struct BackofficeError {
  int status = 400;
  std::string code;    // PARAMETRO_INVALIDO, DURACAO_INVALIDA, ...
  std::string title;
  std::string detail;  // public: names the member at fault, never echoes the caller's values
};

template <class T>
struct Validated {
  std::optional<T> value;
  std::optional<BackofficeError> error;
};

// What a valid body says; the caller adds id, created_at, updated_at and updated_by to store it.
struct OutageDraft {
  TimePoint outage_time;  // whole seconds
  std::chrono::seconds duration{0};
  bool is_partial = false;
  std::string explanation;
  std::vector<std::string> unavailable_endpoints;
  friend bool operator==(const OutageDraft&, const OutageDraft&) = default;
};

// Strict JSON (no duplicate members, bounded depth, well-formed UTF-8: jose/strict_json.hpp).
Validated<OutageDraft> parse_outage_request(std::string_view json_body, TimePoint now);

// The back-office view: the body's members plus id, createdAt, updatedAt and updatedBy.
std::string outage_json(const storage::OutageRecord& outage);

// `page` and `page-size` query values; nullopt when absent (defaults 1 and kDefaultPageSize). Each is 1
// to 9 ASCII digits, page at least 1, page-size 1..kMaxPageSize; otherwise 400 PARAMETRO_INVALIDO.
struct PageRequest {
  std::size_t page = 1;
  std::size_t page_size = kDefaultPageSize;
  std::size_t offset() const { return (page - 1) * page_size; }
};
Validated<PageRequest> parse_page_request(std::optional<std::string_view> page,
                                          std::optional<std::string_view> page_size);

// What /outages lists: the outages not yet over at `now` (in progress or announced), one page of them.
storage::OutageQuery public_outages_query(const PageRequest& page, TimePoint now);
// What /status needs: the outages in progress at `now` or starting within kScheduledHorizon.
storage::OutageQuery status_query(TimePoint now);

// GET /outages: `records` is the page (as listed), `total` how many the query selects; `self_url` the
// endpoint without a query (links add `?page=N&page-size=M`). An empty list is one empty page.
std::string public_outages_document(const std::vector<storage::OutageRecord>& records, std::size_t page,
                                    std::size_t page_size, std::size_t total, std::string_view self_url,
                                    TimePoint now);

// GET /status: one entry per outage in progress (UNAVAILABLE, or PARTIAL_FAILURE when partial) or
// starting within kScheduledHorizon (SCHEDULED_OUTAGE), led by an OK entry when none is in progress.
// Records that are neither are ignored. Order: see outage_documents.cpp, status_rank.
std::string public_status_document(const std::vector<storage::OutageRecord>& records, TimePoint now,
                                   std::string_view self_url);

// The `errors[]` body of a BackofficeError (and of the page parser's), with meta.requestDateTime.
std::string errors_document(const BackofficeError& error, TimePoint now);

}  // namespace fapid::nonfapi::backoffice
