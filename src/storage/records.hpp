#pragma once
// The durable records of the grant aggregate. Tokens and codes appear only as hashes (token_hash.hpp):
// the store can compare them, never hand them out (DESIGN.md: stored hashed where only comparison is needed).
#include <chrono>
#include <optional>
#include <string>

namespace fapid::storage {

using TimePoint = std::chrono::system_clock::time_point;

// The key a token is bound to (RFC 8705 §3.1 `x5t#S256`, RFC 9449 §6 `jkt`); both empty when unbound.
struct Confirmation {
  std::string x5t_s256;
  std::string jkt;
  friend bool operator==(const Confirmation&, const Confirmation&) = default;
};

// What one authorization (or one client_credentials request) granted.
struct GrantRecord {
  std::string id;           // time-ordered, then random: new_grant_id() (grant_id.hpp)
  std::string client_id;
  std::string subject;      // the end user; empty for client_credentials
  std::string scope;        // space-separated, as granted
  std::string consent_id;   // empty when not consent-bound
  std::string code_hash;    // hash of the code it was redeemed from; empty when none. Unique: the
                            // durable single-use marker that survives a Redis restart (DESIGN.md)
  std::string claims_json;  // what later ID tokens repeat (auth_time, acr, ...); "{}" when nothing
  TimePoint created_at;
  TimePoint expires_at;     // the grant and all its tokens end here at the latest
  std::optional<TimePoint> revoked_at;
  friend bool operator==(const GrantRecord&, const GrantRecord&) = default;
};

struct RefreshTokenRecord {
  std::string token_hash;
  std::string grant_id;
  Confirmation cnf;
  TimePoint created_at;
  TimePoint expires_at;
  std::optional<TimePoint> consumed_at;  // set when rotated away
  friend bool operator==(const RefreshTokenRecord&, const RefreshTokenRecord&) = default;
};

// Opaque access tokens, for introspection and revocation.
struct AccessTokenRecord {
  std::string token_hash;
  std::string grant_id;
  std::string client_id;
  std::string scope;
  Confirmation cnf;
  TimePoint issued_at;
  TimePoint expires_at;
  std::optional<TimePoint> revoked_at;
  friend bool operator==(const AccessTokenRecord&, const AccessTokenRecord&) = default;
};

// A live token with the grant it belongs to (what the token endpoint and introspection need).
struct RefreshTokenView {
  RefreshTokenRecord token;
  GrantRecord grant;
};
struct AccessTokenView {
  AccessTokenRecord token;
  GrantRecord grant;
};

// An append-only trail of security-relevant events (grant issued, code replayed, token revoked...).
struct AuditEvent {
  TimePoint at;
  std::string kind;         // "grant.created", "code.replayed", ...
  std::string client_id;
  std::string subject;
  std::string detail_json;  // "{}" when nothing; never a token, code or secret
  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

}  // namespace fapid::storage
