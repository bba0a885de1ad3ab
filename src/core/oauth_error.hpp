#pragma once
// Errors are values: an OAuth error code, a public description, a private detail that only reaches
// the log, and the HTTP status. One place renders them (src/http/error_response.cpp).
#include <string>
#include <string_view>

namespace fapid {

enum class ErrorCode {
  invalid_request,
  invalid_client,
  invalid_grant,
  unauthorized_client,
  unsupported_grant_type,
  invalid_scope,
  access_denied,
  login_required,  // OIDC Core §3.1.2.6: prompt=none where a login must be shown
  unsupported_response_type,
  invalid_request_object,
  invalid_request_uri,
  invalid_dpop_proof,
  use_dpop_nonce,
  invalid_token,
  insufficient_scope,
  server_error,
  temporarily_unavailable,
  not_found,           // HTTP-level: unknown path
  method_not_allowed,  // HTTP-level: known path, wrong method
  payload_too_large,
  header_too_large,
};

// The wire string of a code, as RFC 6749 §5.2 / RFC 9126 / RFC 9449 spell it.
std::string_view to_string(ErrorCode code);
// The HTTP status a code maps to when the caller did not choose one.
int default_status(ErrorCode code);

struct [[nodiscard]] OAuthError {
  ErrorCode code;
  std::string description;  // public: goes to the client; never contains secrets, CR, LF or TAB
  std::string detail;       // private: goes to the log only
  int status;

  // boost::system::result<T, E>::error() returns E by value and needs a default.
  OAuthError() : OAuthError(ErrorCode::server_error, "internal error") {}
  OAuthError(ErrorCode c, std::string public_description, std::string private_detail = {})
      : code(c), description(std::move(public_description)), detail(std::move(private_detail)),
        status(default_status(c)) {}

  OAuthError with_status(int s) && { status = s; return std::move(*this); }
};

// invalid_client always reads the same whatever failed, so it is no oracle (STYLE.md, Errors).
inline OAuthError invalid_client(std::string private_detail) {
  return {ErrorCode::invalid_client, "client authentication failed", std::move(private_detail)};
}

}  // namespace fapid
