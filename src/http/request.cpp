#include "http/request.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace fapid::http {

std::string_view to_string(Method m) {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
    case Method::options: return "OPTIONS";
    case Method::other: return "OTHER";
  }
  return "OTHER";
}

Method method_from(std::string_view verb) {
  if (verb == "GET") return Method::get;
  if (verb == "HEAD") return Method::head;
  if (verb == "POST") return Method::post;
  if (verb == "PUT") return Method::put;
  if (verb == "PATCH") return Method::patch;
  if (verb == "DELETE") return Method::del;
  if (verb == "OPTIONS") return Method::options;
  return Method::other;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& h : headers)
    if (boost::algorithm::iequals(h.name, name)) return std::string_view(h.value);
  return std::nullopt;
}

Response& Response::set(std::string name, std::string value) {
  for (auto& h : headers)
    if (boost::algorithm::iequals(h.name, name)) {
      h.value = std::move(value);
      return *this;
    }
  headers.push_back({std::move(name), std::move(value)});
  return *this;
}

}  // namespace fapid::http
