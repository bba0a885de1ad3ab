#pragma once
// Test-only ports (header-only: the test glob compiles *_test.cpp only): an in-memory TtlStore that
// records every write and can be told to fail like an unreachable store, and a clock the test sets.
// Used by unit_oauth, unit_fapi and the fuzz targets. Nothing here is production code.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "storage/ttl_store.hpp"

namespace fapid::test {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point now) : now_(now) {}
  explicit FixedClock(std::int64_t unix_seconds) : now_(std::chrono::seconds(unix_seconds)) {}
  std::chrono::system_clock::time_point now() const override { return now_; }
  void set(std::chrono::system_clock::time_point t) { now_ = t; }
  void advance(std::chrono::seconds d) { now_ += d; }

 private:
  std::chrono::system_clock::time_point now_;
};

// Entries never expire by themselves (tests that need expiry call erase): what matters here is what
// was written, with which TTL, and that an outage is reported as the store reports it.
class FakeTtlStore final : public storage::TtlStore {
 public:
  struct Entry {
    std::string value;
    std::chrono::milliseconds ttl;
  };
  using Key = std::pair<storage::TtlKind, std::string>;

  // Every operation fails with this error while set (e.g. Redis down: temporarily_unavailable).
  std::optional<OAuthError> failure;

  Result<bool> put_if_absent(storage::TtlKind kind, std::string_view key, std::string_view value,
                             std::chrono::milliseconds ttl) override {
    if (failure) return *failure;
    ++writes_;
    return entries_.try_emplace(Key{kind, std::string(key)}, Entry{std::string(value), ttl}).second;
  }
  Result<void> put(storage::TtlKind kind, std::string_view key, std::string_view value,
                   std::chrono::milliseconds ttl) override {
    if (failure) return *failure;
    ++writes_;
    entries_.insert_or_assign(Key{kind, std::string(key)}, Entry{std::string(value), ttl});
    return {};
  }
  Result<std::optional<std::string>> get(storage::TtlKind kind, std::string_view key) override {
    if (failure) return *failure;
    const auto it = entries_.find(Key{kind, std::string(key)});
    if (it == entries_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second.value);
  }
  Result<std::optional<std::string>> consume(storage::TtlKind kind, std::string_view key) override {
    if (failure) return *failure;
    const auto it = entries_.find(Key{kind, std::string(key)});
    if (it == entries_.end()) return std::optional<std::string>();
    ++writes_;
    std::optional<std::string> value(std::move(it->second.value));
    entries_.erase(it);
    return value;
  }
  Result<void> erase(storage::TtlKind kind, std::string_view key) override {
    if (failure) return *failure;
    ++writes_;
    entries_.erase(Key{kind, std::string(key)});
    return {};
  }
  Result<std::uint64_t> increment(storage::TtlKind kind, std::string_view key, std::chrono::milliseconds window) override {
    if (failure) return *failure;
    ++writes_;
    const auto it = entries_.try_emplace(Key{kind, std::string(key)}, Entry{"0", window}).first;
    const auto n = std::stoull(it->second.value) + 1;
    it->second.value = std::to_string(n);
    return static_cast<std::uint64_t>(n);
  }

  std::size_t size() const { return entries_.size(); }
  std::size_t count(storage::TtlKind kind) const {
    std::size_t n = 0;
    for (const auto& [k, e] : entries_)
      if (k.first == kind) ++n;
    return n;
  }
  // Successful mutating calls, including a put_if_absent that found the key taken.
  std::size_t writes() const { return writes_; }
  const std::map<Key, Entry>& entries() const { return entries_; }
  void clear() {
    entries_.clear();
    writes_ = 0;
  }

 private:
  std::map<Key, Entry> entries_;
  std::size_t writes_ = 0;
};

}  // namespace fapid::test
