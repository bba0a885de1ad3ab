// The consent wire names (consent_repository.hpp), shared by the adapters and the consents API.
#include <string>

#include "storage/consent_repository.hpp"

namespace fapid::storage {

namespace {
constexpr std::string_view kAwaiting = "AWAITING_AUTHORISATION";
constexpr std::string_view kAuthorised = "AUTHORISED";
constexpr std::string_view kRejected = "REJECTED";
}  // namespace

std::string_view to_string(ConsentStatus status) {
  switch (status) {
    case ConsentStatus::awaiting_authorisation: return kAwaiting;
    case ConsentStatus::authorised: return kAuthorised;
    case ConsentStatus::rejected: return kRejected;
  }
  return "UNKNOWN";
}

std::optional<ConsentStatus> consent_status_from_string(std::string_view name) {
  if (name == kAwaiting) return ConsentStatus::awaiting_authorisation;
  if (name == kAuthorised) return ConsentStatus::authorised;
  if (name == kRejected) return ConsentStatus::rejected;
  return std::nullopt;
}

std::string tpp_actor(std::string_view client_id) { return "TPP:" + std::string(client_id); }

}  // namespace fapid::storage
