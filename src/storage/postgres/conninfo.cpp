#include "storage/postgres/conninfo.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <map>
#include <memory>

#include "storage/store_error.hpp"

namespace fapid::storage::postgres {
namespace {

// libpq's conninfo quoting: single quotes, with backslash before ' and \.
std::string quoted(std::string_view value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// libpq counts connect_timeout in whole seconds and treats anything under 2 as 2.
std::string whole_seconds(std::chrono::milliseconds timeout) {
  const auto seconds = (timeout.count() + 999) / 1000;
  return std::to_string(std::max<long long>(2, seconds));
}

}  // namespace

Result<Conninfo> Conninfo::from(const PostgresOptions& options) {
  char* raw_error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(options.url.c_str(), &raw_error),
                                                                      &PQconninfoFree);
  if (raw_error != nullptr) PQfreemem(raw_error);  // it may quote the URL, password included
  if (!parsed) return store_fault("postgres: the connection URL is not a valid libpq URL or conninfo");

  std::map<std::string, std::string> params;
  for (const PQconninfoOption* o = parsed.get(); o->keyword != nullptr; ++o) {
    if (o->val != nullptr) params[o->keyword] = o->val;
  }
  std::vector<std::string> secrets;
  if (auto it = params.find("password"); it != params.end() && !it->second.empty()) secrets.push_back(it->second);
  if (options.password) {
    params["password"] = *options.password;
    if (!options.password->empty()) secrets.push_back(*options.password);
  }
  params["connect_timeout"] = whole_seconds(options.connect_timeout);
  params["application_name"] = "fapid";
  // A peer that vanishes without closing the socket (a failed-over primary, a cut network) is noticed
  // in seconds instead of the kernel's quarter of an hour; the URL may choose otherwise.
  params.try_emplace("keepalives", "1");
  params.try_emplace("keepalives_idle", "5");
  params.try_emplace("keepalives_interval", "2");
  params.try_emplace("keepalives_count", "3");

  std::string text;
  for (const auto& [key, value] : params) text += key + "=" + quoted(value) + " ";
  return Conninfo(std::move(text), std::move(secrets));
}

std::string Conninfo::scrub(std::string_view message) const {
  std::string line(message.substr(0, message.find('\n')));
  for (const auto& secret : secrets_) {
    for (auto at = line.find(secret); at != std::string::npos; at = line.find(secret, at + 3)) line.replace(at, secret.size(), "***");
  }
  return line;
}

}  // namespace fapid::storage::postgres
