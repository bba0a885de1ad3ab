#include "core/oauth_error.hpp"

namespace fapid {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::invalid_client: return "invalid_client";
    case ErrorCode::invalid_grant: return "invalid_grant";
    case ErrorCode::unauthorized_client: return "unauthorized_client";
    case ErrorCode::unsupported_grant_type: return "unsupported_grant_type";
    case ErrorCode::invalid_scope: return "invalid_scope";
    case ErrorCode::access_denied: return "access_denied";
    case ErrorCode::login_required: return "login_required";
    case ErrorCode::unsupported_response_type: return "unsupported_response_type";
    case ErrorCode::invalid_request_object: return "invalid_request_object";
    case ErrorCode::invalid_request_uri: return "invalid_request_uri";
    case ErrorCode::invalid_dpop_proof: return "invalid_dpop_proof";
    case ErrorCode::use_dpop_nonce: return "use_dpop_nonce";
    case ErrorCode::invalid_token: return "invalid_token";
    case ErrorCode::insufficient_scope: return "insufficient_scope";
    case ErrorCode::server_error: return "server_error";
    case ErrorCode::temporarily_unavailable: return "temporarily_unavailable";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::header_too_large: return "request_header_fields_too_large";
  }
  return "server_error";
}

int default_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_client: return 401;  // RFC 6749 §5.2
    case ErrorCode::invalid_token: return 401;   // RFC 6750 §3.1
    case ErrorCode::insufficient_scope: return 403;
    case ErrorCode::access_denied: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::payload_too_large: return 413;
    case ErrorCode::header_too_large: return 431;
    case ErrorCode::server_error: return 500;
    case ErrorCode::temporarily_unavailable: return 503;
    default: return 400;
  }
}

}  // namespace fapid

#include <stdexcept>

#include "core/result.hpp"

namespace fapid {

void throw_exception_from_error(const OAuthError& e, const boost::source_location& loc) {
  throw std::logic_error(std::string("Result::value() on an error (") + std::string(to_string(e.code)) +
                         ") at " + loc.file_name() + ":" + std::to_string(loc.line()));
}

}  // namespace fapid
