#include "oauth/subject_match_memo.hpp"

namespace fapid::oauth {

namespace {

// The id's length first, so that no two (id, subject) pairs share a key.
std::string key_of(std::string_view client_id, std::string_view subject_der) {
  std::string key = std::to_string(client_id.size());
  key.reserve(key.size() + 1 + client_id.size() + subject_der.size());
  key += ':';
  key += client_id;
  key += subject_der;
  return key;
}

}  // namespace

bool SubjectMatchMemo::matched(std::string_view client_id, std::string_view subject_der) const {
  const auto key = key_of(client_id, subject_der);
  std::lock_guard lock(mutex_);
  return keys_.count(key) != 0;
}

void SubjectMatchMemo::remember_match(std::string_view client_id, std::string_view subject_der) {
  auto key = key_of(client_id, subject_der);
  std::lock_guard lock(mutex_);
  if (keys_.size() >= kMaxEntries) keys_.clear();
  keys_.insert(std::move(key));
}

std::size_t SubjectMatchMemo::size() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

}  // namespace fapid::oauth
