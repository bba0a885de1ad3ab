#pragma once
// What every back-office and discovery handler shares (issue 6): one Call value per request, the
// staff token check, the `errors[]` body every failure answers with (the Open Finance vocabulary of
// outage_documents.hpp, so the portal reads one shape), JSON answers with CORS for the portal, the
// `data`/`links`/`meta` envelope, identifiers taken from the path, and the audit trail of writes.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "nonfapi/backoffice/outage_documents.hpp"
#include "nonfapi/context.hpp"
#include "nonfapi/staff_token.hpp"

namespace fapid::nonfapi::backoffice {

// The staff scopes (issue 6, item 5).
inline constexpr std::string_view kOutagesRead = "oob_outages:read";
inline constexpr std::string_view kOutagesWrite = "oob_outages:write";
inline constexpr std::string_view kConsentsRead = "oob_consents:read";
inline constexpr std::string_view kConsentsWrite = "oob_consents:write";

// The longest identifier a path may carry (consent ids: SPEC section 17, at most 256 characters).
inline constexpr std::size_t kMaxPathId = 256;

struct Call {
  const Context& ctx;
  const http::Request& req;
  std::string_view route;  // the route's pattern ("/backoffice/v1/outages/{id}"): a bounded metrics label
  TimePoint now;
};

Call make_call(const Context& ctx, const http::Request& req, std::string_view route);

// A JSON answer, never cached (it describes the institution's customers and staff actions), with CORS
// for the portal's origin.
http::Response respond(const Call& call, int status, std::string body);
// 204 without a body, with CORS.
http::Response no_content(const Call& call);

// Logs (info; error from 500 on) and counts the refusal under the route, then answers `errors[]`.
http::Response fail(const Call& call, const BackofficeError& error, std::string_view client_id = {});
// A refusal that arrived as an OAuthError (the token check, a store that cannot answer): logged and
// counted once as such (record_rejection), then answered as `errors[]`: 401 UNAUTHORIZED and 403
// FORBIDDEN with a Bearer challenge naming the error (RFC 6750 §3), 503 TEMPORARIAMENTE_INDISPONIVEL,
// anything else 500 ERRO_INTERNO.
http::Response refuse(const Call& call, const OAuthError& error, std::string_view client_id = {});

// 405 METODO_NAO_PERMITIDO with Allow, for a method the route serves on another sub-resource.
http::Response method_not_allowed(const Call& call, std::string_view allow);

// The staff member's token with `scope`, or the refusal to answer with.
struct Staff {
  std::optional<StaffToken> token;
  std::optional<http::Response> refusal;
};
Staff authenticate(const Call& call, std::string_view scope);

// A body is JSON (RFC 8259 §11: application/json, any parameters): 415 otherwise.
std::optional<BackofficeError> check_json_body(const http::Request& req);

// The query parameters (form-encoded, each at most once): 400 PARAMETRO_INVALIDO otherwise.
struct Query {
  std::optional<http::Params> params;
  std::optional<BackofficeError> error;
};
Query read_query(const http::Request& req);

// The identifier in one path segment after `prefix`, percent-decoded (RFC 3986 §2.1); nullopt when it is
// empty, longer than kMaxPathId, malformed, or holds a '/' or a control character: such an id names
// nothing, so the caller answers 404.
std::optional<std::string> path_id(std::string_view segment);

// `id` as one path segment (RFC 3986 §3.3): pchar kept, every other byte percent-encoded.
std::string path_segment(std::string_view id);

BackofficeError not_found(std::string detail);
BackofficeError invalid_parameter(std::string detail);

// {"data": ..., "links": {"self": ...}, "meta": {"requestDateTime": ...}}.
std::string envelope(nlohmann::json data, const std::string& self_url, TimePoint now);
// A page of a list: links self/first/last (and prev/next when there are such pages) with `query`
// (already form-encoded, possibly empty) before page and page-size; meta totalRecords and totalPages.
std::string page_envelope(nlohmann::json data, const std::string& base_url, std::string_view query,
                          const PageRequest& page, std::size_t total, TimePoint now);

// Appends the audit event of a staff write (subject and client from the token; `detail` never holds a
// token). A failure is logged, not answered: the write it records has happened.
void audit(const Call& call, const StaffToken& staff, std::string_view kind, const nlohmann::json& detail);

// The URL of `path` on this server's TLS listener (the portal's view).
std::string public_url(const Context& ctx, std::string_view path);

}  // namespace fapid::nonfapi::backoffice
