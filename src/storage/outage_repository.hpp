#pragma once
// The durable port for service outages (issue 6): what the institution's staff enter in the Back Office
// Portal and the public Open Finance Brasil discovery endpoints publish (`/outages`, `/status`; SPEC,
// Open Finance Brasil API shapes §1). Each operation is one statement, so there is nothing to race on
// beyond "the last update wins", which is what an editor of a small shared list expects.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/random.hpp"
#include "storage/records.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

struct OutageRecord {
  std::string id;                                  // random (new_outage_id), never reused
  TimePoint outage_time;                           // the (planned) start
  std::chrono::seconds duration{0};                // positive; the outage covers [outage_time, outage_time + duration)
  bool is_partial = false;                         // some endpoints only (PARTIAL_FAILURE) or all (UNAVAILABLE)
  std::string explanation;
  std::vector<std::string> unavailable_endpoints;  // order kept
  TimePoint created_at;
  TimePoint updated_at;
  std::string updated_by;                          // the staff member's subject, for audit
  friend bool operator==(const OutageRecord&, const OutageRecord&) = default;
};

// The most records one list() returns: the discovery APIs' largest page-size (v2: at most 1000 items).
inline constexpr std::size_t kMaxOutageListLimit = 1000;

// Selects the outages whose interval [outage_time, outage_time + duration) overlaps [from, to); an
// absent bound is open. Ordered by outage_time, then id (byte order), then paged by offset and limit.
struct OutageQuery {
  std::optional<TimePoint> from = std::nullopt;  // (initialised, so designated initialisers may omit it)
  std::optional<TimePoint> to = std::nullopt;
  std::size_t limit = 25;  // 1..kMaxOutageListLimit
  std::size_t offset = 0;
};

// 128 random bits, base64url: an id that says nothing about when or by whom the outage was entered.
inline std::string new_outage_id(Random& random) { return random.token(16); }

// store_fault for a limit out of 1..kMaxOutageListLimit: a caller bug (the page parser bounds it), never
// something to clamp silently.
inline Result<void> check_outage_query(const OutageQuery& query) {
  if (query.limit == 0 || query.limit > kMaxOutageListLimit)
    return store_fault("list_outages: limit " + std::to_string(query.limit) + " is outside 1.." +
                       std::to_string(kMaxOutageListLimit));
  return {};
}

class OutageRepository {
 public:
  virtual ~OutageRepository() = default;

  // Records a new outage. A taken id is store_fault (ids are random, so that is a bug) and writes nothing.
  virtual Result<void> create(const OutageRecord& outage) = 0;

  virtual Result<std::optional<OutageRecord>> find(std::string_view id) = 0;

  // One page of the outages the query selects, in the order OutageQuery states. store_fault when the
  // query fails check_outage_query.
  virtual Result<std::vector<OutageRecord>> list(const OutageQuery& query) = 0;
  // How many outages the query selects, ignoring limit and offset (the pages' totalRecords).
  virtual Result<std::size_t> count(const OutageQuery& query) = 0;

  // Replaces every field of the outage with `outage.id` but created_at, which stays as first recorded.
  // False (and nothing written) when there is no such outage.
  virtual Result<bool> update(const OutageRecord& outage) = 0;

  // False when there is no such outage.
  virtual Result<bool> remove(std::string_view id) = 0;
};

}  // namespace fapid::storage
