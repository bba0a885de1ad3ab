#pragma once
// Which certificate subjects, byte for byte, matched which tls_client_auth client. Decoding a subject
// Name through OpenSSL cost about 13 us, 3-4% of a certificate-bound token and more of an
// introspection (bench/README.md), and a TPP presents the same certificate on every request.
// distinguishedNameMatch is a pure function of the two names, and the registry is immutable, so a
// match remembered for the same client id and the same DER bytes is the match recomputed. Only matches
// are kept: a refusal is decided afresh each time. Bounded: it forgets everything when full, so a
// stream of distinct certificates costs their decoding and nothing more. Thread-safe.
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace fapid::oauth {

class SubjectMatchMemo {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  bool matched(std::string_view client_id, std::string_view subject_der) const;
  void remember_match(std::string_view client_id, std::string_view subject_der);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_set<std::string> keys_;
};

}  // namespace fapid::oauth
