#include "nonfapi/backoffice/consent_admin_views.hpp"

#include "fapi/consents/date_time.hpp"
#include "fapi/consents/documents.hpp"
#include "http/url_builder.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

using json = nlohmann::json;
using fapi::consents::format_date_time;

constexpr std::size_t kMaxClientIdBytes = 256;
static_assert(kMaxPageSize <= storage::kMaxConsentSearchLimit, "a page the parser allows is one search");

json party(std::string_view rel, const std::string& identification) {
  return {{"document", {{"identification", identification}, {"rel", rel}}}};
}

json transition_json(const storage::ConsentTransition& t) {
  json item{{"dateTime", format_date_time(t.at)}, {"toStatus", storage::to_string(t.to)}, {"actor", t.actor}};
  if (t.from) item["fromStatus"] = storage::to_string(*t.from);
  if (!t.reason.empty()) item["reason"] = t.reason;
  return item;
}

json extension_json(const storage::ConsentExtension& e) {
  json item{{"loggedUser", party("CPF", e.logged_user_document)},
            {"requestDateTime", format_date_time(e.requested_at)},
            {"xFapiCustomerIpAddress", e.customer_ip_address},
            {"xCustomerUserAgent", e.customer_user_agent}};
  if (e.expires_at) item["expirationDateTime"] = format_date_time(*e.expires_at);
  if (e.previous_expires_at) item["previousExpirationDateTime"] = format_date_time(*e.previous_expires_at);
  return item;
}

BackofficeError invalid(std::string detail) { return {400, "PARAMETRO_INVALIDO", "Parâmetro inválido", std::move(detail)}; }

template <class T>
Validated<T> fail(BackofficeError e) {
  return {std::nullopt, std::move(e)};
}

}  // namespace

std::string staff_actor(std::string_view subject) { return "STAFF:" + std::string(subject); }

json consent_json(const storage::ConsentRecord& c) {
  json data{{"consentId", c.id},
            {"clientId", c.client_id},
            {"status", storage::to_string(c.status)},
            {"creationDateTime", format_date_time(c.created_at)},
            {"statusUpdateDateTime", format_date_time(c.status_updated_at)},
            {"permissions", c.permissions},
            {"loggedUser", party("CPF", c.logged_user_document)}};
  if (c.expires_at) data["expirationDateTime"] = format_date_time(*c.expires_at);
  if (!c.business_entity_document.empty()) data["businessEntity"] = party("CNPJ", c.business_entity_document);
  if (c.rejection) {
    json reason{{"code", c.rejection->reason}};
    // As the consents API: additionalInformation is absent rather than empty.
    if (!c.rejection->additional_information.empty())
      reason["additionalInformation"] = c.rejection->additional_information;
    data["rejection"] = {{"rejectedBy", c.rejection->rejected_by}, {"reason", std::move(reason)}};
  }
  return data;
}

json consent_detail_json(const storage::ConsentRecord& c, const std::vector<storage::ConsentTransition>& history,
                         const std::vector<storage::ConsentExtension>& extensions) {
  json data = consent_json(c);
  auto rows = json::array();
  for (const auto& t : history) rows.push_back(transition_json(t));
  data["history"] = std::move(rows);
  auto items = json::array();
  for (const auto& e : extensions) items.push_back(extension_json(e));
  data["extensions"] = std::move(items);
  return data;
}

Validated<ConsentQuery> parse_consent_query(const http::Params& params) {
  ConsentQuery out;
  http::ParamList canonical;
  if (const auto cpf = params.get("cpf")) {
    if (!fapi::consents::is_valid_cpf(*cpf))
      return fail<ConsentQuery>(invalid("cpf deve ter 11 dígitos com dígitos verificadores válidos."));
    out.search.logged_user_document = std::string(*cpf);
    canonical.emplace_back("cpf", *cpf);
  }
  if (const auto cnpj = params.get("cnpj")) {
    if (!fapi::consents::is_valid_cnpj(*cnpj))
      return fail<ConsentQuery>(invalid("cnpj deve ter 14 caracteres com dígitos verificadores válidos."));
    out.search.business_entity_document = std::string(*cnpj);
    canonical.emplace_back("cnpj", *cnpj);
  }
  if (const auto client = params.get("clientId")) {
    if (client->empty() || client->size() > kMaxClientIdBytes)
      return fail<ConsentQuery>(invalid("clientId deve ter de 1 a 256 bytes."));
    out.search.client_id = std::string(*client);
    canonical.emplace_back("clientId", *client);
  }
  if (const auto status = params.get("status")) {
    out.search.status = storage::consent_status_from_string(*status);
    if (!out.search.status)
      return fail<ConsentQuery>(invalid("status deve ser AWAITING_AUTHORISATION, AUTHORISED ou REJECTED."));
    canonical.emplace_back("status", *status);
  }
  auto page = parse_page_request(params.get("page"), params.get("page-size"));
  if (page.error) return fail<ConsentQuery>(std::move(*page.error));
  out.page = *page.value;
  out.search.limit = out.page.page_size;
  out.search.offset = out.page.offset();
  out.canonical_query = http::form_encode(canonical);
  return {std::move(out), std::nullopt};
}

}  // namespace fapid::nonfapi::backoffice
