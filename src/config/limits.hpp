#pragma once
// Every default limit in one place; each is a config field (config.hpp), never a literal elsewhere.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace fapid::config {

using namespace std::chrono_literals;

inline constexpr std::size_t kDefaultMaxHeaderBytes = 8 * 1024;   // ATTACKS.md H02
inline constexpr std::size_t kDefaultMaxBodyBytes = 64 * 1024;    // request objects are a few KiB
inline constexpr std::chrono::milliseconds kDefaultHeaderTimeout = 10s;
inline constexpr std::chrono::milliseconds kDefaultBodyTimeout = 10s;
inline constexpr std::chrono::milliseconds kDefaultKeepAliveTimeout = 30s;
inline constexpr std::chrono::milliseconds kDefaultHandshakeTimeout = 10s;
inline constexpr std::chrono::milliseconds kDefaultWriteTimeout = 10s;
inline constexpr std::size_t kDefaultMaxRequestsPerConnection = 10000;
inline constexpr std::size_t kDefaultMaxConnections = 10000;
inline constexpr unsigned kDefaultIoThreads = 2;
inline constexpr unsigned kDefaultWorkerThreads = 4;
inline constexpr std::size_t kDefaultWorkerQueue = 1024;
inline constexpr std::chrono::milliseconds kDefaultShutdownGrace = 20s;
inline constexpr std::chrono::milliseconds kDefaultStorageBusyTimeout = 5s;
inline constexpr std::chrono::milliseconds kDefaultStorageConnectTimeout = 5s;
inline constexpr std::chrono::milliseconds kDefaultStorageStatementTimeout = 5s;
inline constexpr std::chrono::milliseconds kDefaultStorageCommandTimeout = 2s;
inline constexpr std::size_t kDefaultStoragePoolSize = 8;
inline constexpr std::chrono::milliseconds kDefaultStorageSweepInterval = 60s;
inline constexpr std::chrono::milliseconds kDefaultStorageHealthInterval = 1s;
inline constexpr std::chrono::milliseconds kDefaultStorageMaxBackoff = 2s;  // ATTACKS.md R03: recover within 5 s, with margin
inline constexpr std::chrono::seconds kDefaultParLifetime = 90s;        // SPEC P5: OFB ≥ 60 s, F2 < 600 s
inline constexpr std::chrono::seconds kMinParLifetime = 60s;
inline constexpr std::chrono::seconds kMaxParLifetime = 599s;
inline constexpr std::chrono::seconds kDefaultCodeLifetime = 60s;       // SPEC TK2: ≤ 60 s
inline constexpr std::chrono::seconds kMaxCodeLifetime = 60s;
inline constexpr std::chrono::seconds kDefaultAccessTokenLifetime = 300s;  // SPEC TK7: OFB 300–900 s
inline constexpr std::chrono::seconds kMinAccessTokenLifetime = 60s;
inline constexpr std::chrono::seconds kMaxAccessTokenLifetime = 3600s;
inline constexpr std::chrono::seconds kDefaultRefreshTokenLifetime = std::chrono::hours(24 * 365);
inline constexpr std::chrono::seconds kMinCodeLifetime = 1s;
inline constexpr std::chrono::seconds kMinRefreshTokenLifetime = std::chrono::hours(1);
inline constexpr std::chrono::seconds kMaxRefreshTokenLifetime = std::chrono::hours(24 * 3650);
inline constexpr std::chrono::seconds kDefaultInteractionLifetime = 600s;
inline constexpr std::chrono::seconds kMinInteractionLifetime = 60s;
inline constexpr std::chrono::seconds kMaxInteractionLifetime = 3600s;
inline constexpr std::chrono::seconds kMinClockSkew = 0s;
inline constexpr std::size_t kMinDpopNonceSecretBytes = 32;  // 256 bits, as oauth::DpopNonces requires
inline constexpr std::chrono::seconds kDefaultMaxClockSkew = 10s;       // SPEC CA5: +10 s accepted
inline constexpr std::chrono::seconds kMaxClockSkewLimit = 59s;         // SPEC CA5: +60 s refused
// users.passwordHashing: OWASP's Password Storage Cheat Sheet minimums are the defaults; a lower value
// is refused rather than allowed to weaken every new hash. The maxima keep one login from taking
// seconds of a worker or a gigabyte of memory.
inline constexpr std::uint32_t kDefaultArgon2MemoryKib = 19 * 1024;
inline constexpr std::uint32_t kMinArgon2MemoryKib = 8 * 1024;
inline constexpr std::uint32_t kMaxArgon2MemoryKib = 1024 * 1024;
inline constexpr std::uint32_t kDefaultArgon2Iterations = 2;
inline constexpr std::uint32_t kMaxArgon2Iterations = 10;
inline constexpr std::uint32_t kDefaultArgon2Parallelism = 1;
inline constexpr std::uint32_t kMaxArgon2Parallelism = 8;
inline constexpr unsigned kDefaultBcryptCost = 12;
inline constexpr unsigned kMinBcryptCost = 10;
inline constexpr unsigned kMaxBcryptCost = 15;
inline constexpr std::uint32_t kDefaultPbkdf2Iterations = 600'000;
inline constexpr std::uint32_t kMinPbkdf2Iterations = 100'000;
inline constexpr std::uint32_t kMaxPbkdf2Iterations = 10'000'000;
// users.lockout
inline constexpr int kDefaultMaxLoginFailures = 5;
inline constexpr int kMaxLoginFailuresLimit = 100;
inline constexpr std::chrono::seconds kDefaultLockFor = 15min;
inline constexpr std::chrono::seconds kMinLockFor = 1min;
inline constexpr std::chrono::seconds kMaxLockFor = 24h;
// users.claimsByScope: a handful of scopes with a few attributes each; the caps bound the work per token.
inline constexpr std::size_t kMaxClaimScopes = 64;
inline constexpr std::size_t kMaxClaimsPerScope = 32;
inline constexpr std::size_t kMaxUserAttributeNameBytes = 64;
// federation: each request to the IdP (discovery, JWKS, token) is bounded by one deadline.
inline constexpr std::chrono::milliseconds kDefaultFederationHttpTimeout = 5s;
inline constexpr std::chrono::milliseconds kMinFederationHttpTimeout = 1s;
inline constexpr std::chrono::milliseconds kMaxFederationHttpTimeout = 30s;
inline constexpr std::size_t kMaxRoleMappings = 64;
// nonfapi: a staff member's code, tokens, and time to log in at the IdP
inline constexpr std::chrono::seconds kDefaultNonFapiCodeLifetime = 60s;
inline constexpr std::chrono::seconds kMaxNonFapiCodeLifetime = 60s;
inline constexpr std::chrono::seconds kDefaultNonFapiAccessTokenLifetime = 300s;
inline constexpr std::chrono::seconds kMinNonFapiAccessTokenLifetime = 60s;
inline constexpr std::chrono::seconds kMaxNonFapiAccessTokenLifetime = 1h;
inline constexpr std::chrono::seconds kDefaultNonFapiRefreshTokenLifetime = 8h;
inline constexpr std::chrono::seconds kMinNonFapiRefreshTokenLifetime = 1h;
inline constexpr std::chrono::seconds kMaxNonFapiRefreshTokenLifetime = 24h * 30;
inline constexpr std::chrono::seconds kDefaultNonFapiLoginLifetime = 10min;
inline constexpr std::chrono::seconds kMinNonFapiLoginLifetime = 1min;
inline constexpr std::chrono::seconds kMaxNonFapiLoginLifetime = 1h;
// consents
inline constexpr std::chrono::seconds kDefaultAwaitingAuthorisationLifetime = 60min;
inline constexpr std::chrono::seconds kMinAwaitingAuthorisationLifetime = 1min;
inline constexpr std::chrono::seconds kMaxAwaitingAuthorisationLifetime = 24h;
inline constexpr std::chrono::seconds kDefaultIdempotencyKeyLifetime = 24h;
inline constexpr std::chrono::seconds kMinIdempotencyKeyLifetime = 1min;
inline constexpr std::chrono::seconds kMaxIdempotencyKeyLifetime = std::chrono::hours(24 * 7);
inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;
inline constexpr std::size_t kMaxClientNameBytes = 200;  // clientName: one line on the consent page

}  // namespace fapid::config
