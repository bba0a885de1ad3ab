#pragma once
// Every default limit in one place; each is a config field (config.hpp), never a literal elsewhere.
#include <chrono>
#include <cstddef>

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
inline constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

}  // namespace fapid::config
