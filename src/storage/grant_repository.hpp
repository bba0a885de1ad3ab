#pragma once
// The durable port for grants, refresh tokens, opaque access tokens and the revocations of self-contained
// ones. Every operation a flow needs to be atomic is one call here, one transaction in each adapter
// (STYLE.md, Storage).
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "storage/records.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::storage {

enum class CreateOutcome {
  created,
  code_already_redeemed,  // a grant from this code exists: the caller revokes it (RFC 6749 §4.1.2)
  key_already_used,       // create_grant_once: the single-use key was live already; nothing is written
};

// A key that may be used once while it lives, as TtlStore::put_if_absent takes it: the `jti` of the
// client assertion that authenticated the request.
struct SingleUseKey {
  TtlKind kind;
  std::string key;
  std::chrono::milliseconds ttl;
};
// The value stored under a single-use key: only its presence matters.
inline constexpr std::string_view kSingleUseMark = "1";

enum class RotateOutcome {
  rotated,
  replayed,    // the token was already rotated away: its grant is now revoked (RFC 9700 §4.14.2)
  not_active,  // unknown, expired, or its grant revoked or expired
};

class GrantRepository {
 public:
  virtual ~GrantRepository() = default;

  // Records a grant with its first tokens in one transaction, or nothing. A grant whose non-empty
  // code_hash is already recorded is refused with code_already_redeemed and nothing is written.
  virtual Result<CreateOutcome> create_grant(const GrantRecord& grant, const std::optional<RefreshTokenRecord>& refresh,
                                             const std::optional<AccessTokenRecord>& access) = 0;

  // Takes `key` in `ttl` (put_if_absent), then creates the grant as create_grant does. A key that is
  // live already gives key_already_used and writes nothing; a refused grant (code_already_redeemed)
  // leaves the key taken. An adapter holding `ttl` in its own database does both in one transaction,
  // so the request waits for one durable commit instead of two; this default takes the key first.
  virtual Result<CreateOutcome> create_grant_once(TtlStore& ttl, const SingleUseKey& key, const GrantRecord& grant,
                                                  const std::optional<RefreshTokenRecord>& refresh,
                                                  const std::optional<AccessTokenRecord>& access);

  // Revokes the grant (and so every token of it). False when there is no such grant.
  virtual Result<bool> revoke_grant(std::string_view grant_id, TimePoint now) = 0;
  // A replayed authorization code revokes what its first redemption issued (RFC 6749 §4.1.2).
  virtual Result<bool> revoke_grant_by_code(std::string_view code_hash, TimePoint now) = 0;
  // A revoked consent takes its tokens with it (Open Finance Brasil, SPEC RT4). Returns how many.
  virtual Result<std::size_t> revoke_grants_for_consent(std::string_view consent_id, TimePoint now) = 0;
  // An extended consent keeps its tokens refreshable (SPEC RT3): the live grants of the consent, and
  // their unconsumed refresh tokens, expire at `until` if that is later. Returns how many grants.
  virtual Result<std::size_t> extend_grants_for_consent(std::string_view consent_id, TimePoint until, TimePoint now) = 0;

  virtual Result<std::optional<GrantRecord>> find_grant(std::string_view grant_id) = 0;

  // A refresh token that is unconsumed, unexpired, and whose grant is live.
  virtual Result<std::optional<RefreshTokenView>> find_refresh_token(std::string_view token_hash, TimePoint now) = 0;

  // Consumes `old_hash` and records `next` (its grant_id is the old token's) and `access`, in one
  // transaction: of many concurrent rotations of one token exactly one returns rotated.
  virtual Result<RotateOutcome> rotate_refresh_token(std::string_view old_hash, RefreshTokenRecord next,
                                                     AccessTokenRecord access, TimePoint now) = 0;

  // FAPI clients keep their refresh token (FAPI 2 §5.3.2.1, Open Finance Brasil): records `access`
  // for the refresh token's grant if the refresh token is active at that moment.
  virtual Result<bool> add_access_token(std::string_view refresh_hash, AccessTokenRecord access, TimePoint now) = 0;

  // An access token that is unrevoked, unexpired, and whose grant is live.
  virtual Result<std::optional<AccessTokenView>> find_access_token(std::string_view token_hash, TimePoint now) = 0;
  virtual Result<bool> revoke_access_token(std::string_view token_hash, TimePoint now) = 0;
  // Revoking a refresh token revokes its grant with every access token of it (RFC 7009 §2.1).
  virtual Result<bool> revoke_refresh_token(std::string_view token_hash, TimePoint now) = 0;
  // A self-contained (JWT) access token has no row: revoking one records its jti until `expires_at`
  // (RFC 7009 §2). Idempotent: revoking a jti again keeps the first record and succeeds.
  virtual Result<void> revoke_self_contained_token(std::string_view jti, std::string_view client_id,
                                                   TimePoint expires_at, TimePoint now) = 0;
  // True when the jti was revoked and its record has not expired at `now`.
  virtual Result<bool> self_contained_token_revoked(std::string_view jti, TimePoint now) = 0;

  // Deletes grants (with their tokens) expired before `now`; returns how many grants. Then deletes the
  // revoked-jti records expired before `now`, which the count leaves out. Both in batches, each its own
  // transaction.
  virtual Result<std::size_t> sweep_expired(TimePoint now) = 0;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual Result<void> append(const AuditEvent& event) = 0;
  // The newest `limit` events, newest first.
  virtual Result<std::vector<AuditEvent>> recent(std::size_t limit) = 0;
};

}  // namespace fapid::storage
