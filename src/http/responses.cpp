#include "http/responses.hpp"

#include <nlohmann/json.hpp>

namespace fapid::http {

namespace {

void set_cache(Response& r, Cache cache) {
  switch (cache) {
    case Cache::no_store:
      r.set("cache-control", "no-store");
      r.set("pragma", "no-cache");
      break;
    case Cache::public_short:
      r.set("cache-control", "public, max-age=300");
      break;
  }
}

}  // namespace

Response text(int status, std::string body, std::string content_type, Cache cache) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("content-type", std::move(content_type));
  set_cache(r, cache);
  return r;
}

Response json(int status, std::string body, Cache cache) {
  return text(status, std::move(body), "application/json", cache);
}

std::string sanitize_error_description(std::string_view description) {
  std::string out;
  out.reserve(description.size());
  for (char c : description) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u <= 0x7E && c != '"' && c != '\\') out.push_back(c);
  }
  return out;
}

Response error(const OAuthError& e) {
  nlohmann::ordered_json body;
  body["error"] = to_string(e.code);
  if (auto d = sanitize_error_description(e.description); !d.empty()) body["error_description"] = d;
  return json(e.status, body.dump(), Cache::no_store);
}

}  // namespace fapid::http
