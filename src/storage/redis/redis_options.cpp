// parse_redis_url on Boost.URL (RFC 3986), as the rest of the configuration parses URLs.
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>
#include <string>

#include "storage/redis/redis_options.hpp"
#include "storage/store_error.hpp"

namespace fapid::storage {

namespace {

OAuthError bad_url(std::string_view why) { return store_fault("redis URL: " + std::string(why)); }

// A decimal number of at most `max`, digits only (no sign, no spaces, no hex).
std::optional<unsigned> parse_decimal(std::string_view text, unsigned max) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

bool is_scheme(std::string_view scheme, std::string_view expected) {  // schemes are case-insensitive
  if (scheme.size() != expected.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if ((scheme[i] | 0x20) != expected[i]) return false;
  return true;
}

Result<std::string> host_of(const boost::urls::url_view& u) {
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4: return std::string(u.encoded_host());
    case boost::urls::host_type::ipv6: return u.host_ipv6_address().to_string();
    case boost::urls::host_type::name:
      if (u.encoded_host().empty()) break;
      return u.host_name();
    default: break;
  }
  return bad_url("no host, or a host that is neither a name nor an IP address");
}

}  // namespace

Result<RedisOptions> parse_redis_url(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return bad_url("not a URL (expected redis://host[:port][/db])");
  const auto& u = *parsed;
  if (!is_scheme(u.scheme(), "redis")) return bad_url("the scheme must be redis:// (rediss:// needs TLS, which hiredis 0.14 lacks)");
  if (!u.has_authority()) return bad_url("no host");
  if (u.has_query() || u.has_fragment()) return bad_url("a query or fragment is not supported");

  RedisOptions options;
  auto host = host_of(u);
  if (!host) return host.error();
  options.host = std::move(*host);

  if (u.has_port()) {
    const auto port = parse_decimal(u.port(), 65535);
    if (!port || *port == 0) return bad_url("the port must be a number from 1 to 65535");
    options.port = static_cast<std::uint16_t>(*port);
  }

  if (u.has_userinfo()) {
    // Redis 6 ACL users other than `default` would need AUTH <user> <password>; not needed yet.
    const std::string user = u.user();
    if (!user.empty() && user != "default") return bad_url("only the default user is supported (redis://:password@host)");
    if (u.has_password()) {
      std::string password = u.password();
      if (!password.empty()) options.password = std::move(password);
    }
  }

  const auto path = u.encoded_path();
  if (!path.empty() && path != "/") {
    const auto db = parse_decimal(path.substr(1), kMaxRedisDb);
    if (path.front() != '/' || !db) return bad_url("the path must be a database number from 0 to 15");
    options.db = *db;
  }
  return options;
}

}  // namespace fapid::storage
