// The small shared pieces of the storage ports: kind names, bounds, error values.
#include <string>

#include "storage/grant_repository.hpp"
#include "storage/limits.hpp"
#include "storage/store_error.hpp"
#include "storage/ttl_store.hpp"
#include "storage/user_repository.hpp"

namespace fapid::storage {

Result<CreateOutcome> GrantRepository::create_grant_once(TtlStore& ttl, const SingleUseKey& key, const GrantRecord& grant,
                                                         const std::optional<RefreshTokenRecord>& refresh,
                                                         const std::optional<AccessTokenRecord>& access) {
  auto fresh = ttl.put_if_absent(key.kind, key.key, kSingleUseMark, key.ttl);
  if (!fresh) return fresh.error();
  if (!*fresh) return CreateOutcome::key_already_used;
  return create_grant(grant, refresh, access);
}

std::string_view to_string(TtlKind kind) {
  switch (kind) {
    case TtlKind::par_request: return "par";
    case TtlKind::authorization_code: return "code";
    case TtlKind::interaction: return "interaction";
    case TtlKind::federation_state: return "federation";
    case TtlKind::staff_code: return "staff-code";
    case TtlKind::staff_session: return "staff-session";
    case TtlKind::client_assertion_jti: return "assertion-jti";
    case TtlKind::request_object_jti: return "request-jti";
    case TtlKind::dpop_jti: return "dpop-jti";
    case TtlKind::rate_limit: return "rate";
  }
  return "unknown";
}

Result<void> check_ttl_entry(std::string_view key, std::string_view value) {
  if (key.empty() || key.size() > kMaxKeyBytes)
    return store_fault("ttl key of " + std::to_string(key.size()) + " bytes (1.." + std::to_string(kMaxKeyBytes) + ")");
  if (value.size() > kMaxValueBytes)
    return store_fault("ttl value of " + std::to_string(value.size()) + " bytes (max " + std::to_string(kMaxValueBytes) + ")");
  return {};
}

OAuthError store_unavailable(std::string detail) {
  return OAuthError(ErrorCode::temporarily_unavailable, "the service is temporarily unavailable, retry later",
                    std::move(detail))
      .with_status(503);
}

OAuthError store_fault(std::string detail) {
  return OAuthError(ErrorCode::server_error, "internal error", std::move(detail));
}

OAuthError login_taken_error(std::string_view login) {
  return OAuthError(ErrorCode::invalid_request, "a login is already taken",
                    "import_users: the login '" + std::string(login) + "' is taken; nothing was imported");
}

}  // namespace fapid::storage
