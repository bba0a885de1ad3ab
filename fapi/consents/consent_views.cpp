#include "fapi/consents/consent_views.hpp"

#include <nlohmann/json.hpp>

#include "fapi/consents/consent_request.hpp"

namespace fapid::fapi {

namespace {

using consents::format_date_time;

nlohmann::json meta(storage::TimePoint now, std::size_t records) {
  return {{"totalRecords", records}, {"totalPages", 1}, {"requestDateTime", format_date_time(now)}};
}

nlohmann::json document(std::string_view rel, const std::string& identification) {
  return {{"document", {{"identification", identification}, {"rel", rel}}}};
}

}  // namespace

std::string consent_document(const storage::ConsentRecord& c, const std::string& self_url, storage::TimePoint now) {
  nlohmann::json data{{"consentId", c.id},
                      {"creationDateTime", format_date_time(c.created_at)},
                      {"status", storage::to_string(c.status)},
                      {"statusUpdateDateTime", format_date_time(c.status_updated_at)},
                      {"permissions", c.permissions}};
  if (c.expires_at) data["expirationDateTime"] = format_date_time(*c.expires_at);
  if (c.rejection) {
    nlohmann::json reason{{"code", c.rejection->reason}};
    // The spec's pattern for additionalInformation forbids an empty string: absent when there is none.
    if (!c.rejection->additional_information.empty())
      reason["additionalInformation"] = c.rejection->additional_information;
    data["rejection"] = {{"rejectedBy", c.rejection->rejected_by}, {"reason", std::move(reason)}};
  }
  return nlohmann::json{{"data", data}, {"links", {{"self", self_url}}}, {"meta", meta(now, 1)}}.dump();
}

std::string extensions_document(const std::vector<storage::ConsentExtension>& extensions, const std::string& self_url,
                                storage::TimePoint now) {
  auto data = nlohmann::json::array();
  for (const auto& e : extensions) {
    nlohmann::json item{{"loggedUser", document("CPF", e.logged_user_document)},
                        {"requestDateTime", format_date_time(e.requested_at)},
                        {"xFapiCustomerIpAddress", e.customer_ip_address},
                        {"xCustomerUserAgent", e.customer_user_agent}};
    if (e.expires_at) item["expirationDateTime"] = format_date_time(*e.expires_at);
    if (e.previous_expires_at) item["previousExpirationDateTime"] = format_date_time(*e.previous_expires_at);
    data.push_back(std::move(item));
  }
  return nlohmann::json{{"data", data}, {"links", {{"self", self_url}}}, {"meta", meta(now, extensions.size())}}.dump();
}

std::string errors_document(const ApiError& e, storage::TimePoint now) {
  return nlohmann::json{{"errors", {{{"code", e.code}, {"title", e.title}, {"detail", e.detail}}}},
                        {"meta", {{"requestDateTime", format_date_time(now)}}}}
      .dump();
}

}  // namespace fapid::fapi
