#pragma once
// The JSON the consents API answers with (Open Finance Brasil consents API v3): `data`/`links`/`meta`
// envelopes and `errors[]` bodies.
#include <string>
#include <string_view>
#include <vector>

#include "storage/consent_repository.hpp"

namespace fapid::fapi {

struct ApiError {
  int status = 400;
  std::string code;    // PARAMETRO_INVALIDO, CONSENTIMENTO_EM_STATUS_REJEITADO, UNAUTHORIZED, ...
  std::string title;
  std::string detail;  // public; never a token
};

std::string consent_document(const storage::ConsentRecord& consent, const std::string& self_url, storage::TimePoint now);
std::string extensions_document(const std::vector<storage::ConsentExtension>& extensions, const std::string& self_url,
                                storage::TimePoint now);
std::string errors_document(const ApiError& e, storage::TimePoint now);

}  // namespace fapid::fapi
