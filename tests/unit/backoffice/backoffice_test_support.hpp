#pragma once
// The back-office handlers driven through a real http::Router (nonfapi/backoffice/backoffice_routes.hpp)
// on a nonfapi::Context over a real SQLite store in a temporary file, a fixed clock the test moves, and
// real staff tokens recorded in the grant store as the token endpoint records them (hashed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "fapi/consents/date_time.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "nonfapi/backoffice/backoffice_routes.hpp"
#include "nonfapi/context.hpp"
#include "oauth/client_registry.hpp"
#include "storage/random.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/token_hash.hpp"

namespace fapid::nonfapi::backoffice::testing {

using namespace std::chrono_literals;
using json = nlohmann::json;
using storage::TimePoint;

inline constexpr std::string_view kPortal = "https://portal.example";
inline constexpr std::string_view kPublicUrl = "https://as.example";
inline constexpr std::string_view kMtlsUrl = "https://mtls.as.example";
inline constexpr std::string_view kCpf = "52998224725";      // 529.982.247-25
inline constexpr std::string_view kOtherCpf = "11144477735";  // 111.444.777-35
inline constexpr std::string_view kCnpj = "11222333000181";  // 11.222.333/0001-81
inline constexpr std::chrono::hours kTokenLifetime{12};
inline const std::string kAllScopes =
    "openid oob_outages:read oob_outages:write oob_consents:read oob_consents:write";

inline TimePoint at(std::string_view text) {
  const auto t = fapi::consents::parse_date_time(text);
  if (!t) throw std::invalid_argument("bad test date " + std::string(text));
  return *t;
}

class TestClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override { return now_; }
  void set(TimePoint t) { now_ = t; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  TimePoint now_ = at("2026-03-01T10:00:00Z");
};

struct Reply {
  int status = 0;
  std::vector<http::Header> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const {
    for (const auto& h : headers)
      if (h.name.size() == name.size() &&
          std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
        return h.value;
    return std::nullopt;
  }
  json doc() const { return json::parse(body); }
  // The first errors[] code of an errors body.
  std::string error_code() const {
    const auto d = json::parse(body, nullptr, false);
    if (!d.is_object() || !d.contains("errors") || d["errors"].empty()) return "(not an errors body: " + body + ")";
    return d["errors"][0]["code"].get<std::string>();
  }
};

class BackofficeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "fapid-backoffice-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto opened = storage::open_sqlite(storage::SqliteOptions{dir_ + "/fapid.db"}, clock_);
    ASSERT_TRUE(opened.has_value()) << opened.error().detail;
    stores_ = *opened;

    auto cfg = std::make_shared<config::Config>();
    cfg->server.public_url = std::string(kPublicUrl);
    cfg->server.mtls_url = std::string(kMtlsUrl);
    cfg->federation.portal_backoffice_url = std::string(kPortal);
    cfg->consents.awaiting_authorisation_lifetime = 60min;
    config::Client portal;
    portal.client_id = "portal";
    portal.profile = config::Profile::none;
    portal.auth_method = config::AuthMethod::client_secret_post;
    portal.grant_types = {"authorization_code", "refresh_token"};
    portal.allowed_scopes = {"openid", "oob_outages:read", "oob_outages:write", "oob_consents:read",
                             "oob_consents:write"};
    config::Client tpp;
    tpp.client_id = "tpp-one";
    tpp.profile = config::Profile::fapi1_advanced;
    tpp.auth_method = config::AuthMethod::private_key_jwt;
    tpp.allowed_scopes = {"openid", "consents", "oob_outages:write", "oob_consents:write"};
    cfg->clients = {portal, tpp};
    auto registry = oauth::ClientRegistry::build(cfg);
    ASSERT_TRUE(registry.errors.empty()) << registry.errors.front();

    NonFapiDeps deps;
    deps.config = cfg;
    deps.clients = registry.registry;
    deps.ttl = stores_.ttl;
    deps.grants = stores_.grants;
    deps.audit = stores_.audit;
    deps.consents = stores_.consents;
    deps.outages = stores_.outages;
    deps.clock = std::shared_ptr<const Clock>(std::shared_ptr<void>(), &clock_);  // the fixture owns it
    deps.random = std::make_shared<storage::SystemRandom>();
    deps.metrics = &metrics_;
    ctx_ = std::make_shared<const Context>(std::move(deps));
    add_backoffice_routes(router_, ctx_);
  }

  void TearDown() override {
    router_ = http::Router{};  // the routes hold the context, which holds the stores
    ctx_.reset();
    stores_ = {};
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // A live access token of `client` for `subject` with `scope`, recorded as the token endpoint does; it
  // lives kTokenLifetime (long, so tests that move the clock by hours keep their staff logged in).
  std::string token(const std::string& scope, const std::string& client = "portal",
                    const std::string& subject = "staff-1", const std::string& consent_id = "") {
    const std::string raw = "tok-" + std::to_string(++counter_) + "-" + std::string(40, 'x');
    const auto now = clock_.now();
    storage::GrantRecord grant{"grant-" + std::to_string(counter_), client, subject, scope, consent_id, "", "{}", now,
                               now + 24h, std::nullopt};
    storage::AccessTokenRecord access{storage::hash_token(raw), grant.id, client, scope, {}, now, now + kTokenLifetime,
                                     std::nullopt};
    auto created = stores_.grants->create_grant(grant, std::nullopt, access);
    EXPECT_TRUE(created.has_value());
    return raw;
  }
  bool token_live(const std::string& raw) {
    auto found = stores_.grants->find_access_token(storage::hash_token(raw), clock_.now());
    EXPECT_TRUE(found.has_value());
    return found.has_value() && found->has_value();
  }

  Reply call(http::Method method, const std::string& target, const std::string& bearer = "", std::string body = "",
             std::vector<http::Header> headers = {}, http::Listener listener = http::Listener::tls) {
    http::Request req;
    req.method = method;
    req.target = target;
    const auto q = target.find('?');
    req.path = target.substr(0, q);
    req.query = q == std::string::npos ? "" : target.substr(q + 1);
    req.headers = std::move(headers);
    if (!bearer.empty()) req.headers.push_back({"authorization", "Bearer " + bearer});
    req.body = std::move(body);
    req.request_id = "req-test";
    req.peer.listener = listener;
    const auto match = router_.match(method, req.path, listener);
    if (!match.route) {
      Reply r;
      r.status = match.status;
      if (!match.allow.empty()) r.headers.push_back({"allow", match.allow});
      return r;
    }
    EXPECT_EQ(match.route->execution, http::Execution::worker) << target;
    auto res = match.route->handler(req);
    return Reply{res.status, std::move(res.headers), std::move(res.body)};
  }
  Reply get(const std::string& target, const std::string& bearer = "", std::vector<http::Header> headers = {}) {
    return call(http::Method::get, target, bearer, "", std::move(headers));
  }
  Reply send(http::Method method, const std::string& target, const std::string& bearer, const json& body,
             std::vector<http::Header> headers = {{"content-type", "application/json"}}) {
    return call(method, target, bearer, body.dump(), std::move(headers));
  }

  std::vector<storage::AuditEvent> audit_events() {
    auto events = stores_.audit->recent(100);
    EXPECT_TRUE(events.has_value());
    return events ? *events : std::vector<storage::AuditEvent>{};
  }

  std::string dir_;
  TestClock clock_;
  http::Metrics metrics_;
  storage::SqliteStores stores_;
  std::shared_ptr<const Context> ctx_;
  http::Router router_;
  int counter_ = 0;
};

// One helper asserts a refusal whole: status, the errors[] code, never cached, and the Bearer challenge
// (RFC 6750 §3) naming `oauth_error` for 401 and 403, none otherwise.
inline void expect_refused(const Reply& r, int status, std::string_view code, std::string_view oauth_error = {}) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.error_code(), code) << r.body;
  EXPECT_EQ(r.header("cache-control"), std::optional<std::string>("no-store"));
  const auto challenge = r.header("www-authenticate");
  if (status == 401 || status == 403) {
    ASSERT_TRUE(challenge.has_value());
    EXPECT_EQ(*challenge, "Bearer realm=\"https://as.example/auth-nonfapi\", error=\"" + std::string(oauth_error) + "\"");
  } else {
    EXPECT_FALSE(challenge.has_value()) << *challenge;
  }
}

}  // namespace fapid::nonfapi::backoffice::testing
