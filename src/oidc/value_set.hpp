#pragma once
// A sorted set of metadata values: discovery lists are stable and duplicate-free.
#include <set>
#include <string>
#include <vector>

namespace fapid::oidc {

class ValueSet {
 public:
  void add(std::string v) { values_.insert(std::move(v)); }
  bool contains(const std::string& v) const { return values_.count(v) != 0; }
  std::vector<std::string> sorted() const { return {values_.begin(), values_.end()}; }

 private:
  std::set<std::string> values_;
};

}  // namespace fapid::oidc
