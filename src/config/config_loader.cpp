// The only file that includes yaml-cpp (DESIGN.md). yaml-cpp's own conversion errors do not name the
// key (SPEC.md, Stack hazards), so every presence and type check is done here, with its YAML path.
#include "config/config_loader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/client_rules.hpp"
#include "config/config_checks.hpp"
#include "config/file_read.hpp"
#include "config/jwks_json.hpp"
#include "config/secret_source.hpp"
#include "config/url_rules.hpp"
#include "config/value_parsers.hpp"
#include "config/wire_names.hpp"

namespace fapid::config {

namespace {

// The deployment names kept from existing installations (DESIGN.md, Configuration).
constexpr const char* kEnvDiscovery = "INTERNAL_USERS_FEDERATION_DISCOVERY_ENDPOINT";
constexpr const char* kEnvFederationClientId = "INTERNAL_USERS_FEDERATION_CLIENT_ID";
constexpr const char* kEnvFederationSecret = "INTERNAL_USERS_FEDERATION_SECRET";
constexpr const char* kEnvAllowedClientIds = "INTERNAL_USERS_FEDERATION_ALLOWED_CLIENT_IDS";
constexpr const char* kEnvPortalUrl = "PORTAL_BACKOFFICE_URL";
// Operational overrides of our own.
constexpr const char* kEnvPublicUrl = "FAPID_PUBLIC_URL";
constexpr const char* kEnvMtlsUrl = "FAPID_MTLS_URL";
constexpr const char* kEnvSecretsDir = "FAPID_SECRETS_DIR";
constexpr const char* kEnvLogLevel = "FAPID_LOG_LEVEL";
constexpr const char* kEnvPostgresUrl = "FAPID_POSTGRES_URL";
constexpr const char* kEnvRedisUrl = "FAPID_REDIS_URL";

constexpr std::size_t kMaxJsonNodes = 10000;  // YAML aliases can multiply a small document

enum class Need { optional, required };

bool present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

std::string at(const std::string& path, std::string_view key) { return path.empty() ? std::string(key) : path + "." + std::string(key); }
std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// A value and the name to blame for it: a YAML path, or that path plus the variable that overrode it.
struct Sourced {
  std::string value;
  std::string path;
  bool from_env = false;
};

class Loader {
 public:
  explicit Loader(const Environment& env) : env_(env) {}

  LoadResult run(const YAML::Node& root) {
    if (!present(root)) return fail("config: the document is empty");
    if (!root.IsMap()) return fail("config: expected a map at the top level");
    if (!expect_map(root, "", {"server", "keys", "secretsDir", "clients", "federation", "fapi", "nonfapi", "storage",
                               "logging", "users", "consents", "ui"}))
      return fail({});
    read_server(root["server"]);
    read_keys(root["keys"]);
    read_secrets_dir(root["secretsDir"]);
    read_clients(root["clients"]);
    read_federation(root["federation"]);
    read_fapi(root["fapi"]);
    read_nonfapi(root["nonfapi"]);
    read_storage(root["storage"]);
    read_logging(root["logging"]);
    read_users(root["users"]);
    read_consents(root["consents"]);
    read_ui(root["ui"]);
    check_listener_ports(cfg_.server, errors_);
    check_key_set(cfg_.keys, errors_);
    check_client_ids(cfg_.clients, errors_);
    check_fapi(cfg_.fapi, errors_);
    check_users(cfg_.users, errors_);
    check_consents(cfg_.consents, errors_);
    check_nonfapi(cfg_.nonfapi, errors_);
    if (!errors_.empty()) return LoadResult{nullptr, std::move(errors_)};
    return LoadResult{std::make_shared<const Config>(std::move(cfg_)), {}};
  }

 private:
  LoadResult fail(std::string message) {
    if (!message.empty()) errors_.push_back(std::move(message));
    return LoadResult{nullptr, std::move(errors_)};
  }
  void error(const std::string& path, std::string_view message) { errors_.push_back(path + ": " + std::string(message)); }

  // Absent when `map` is absent or not a map (that error is reported once, by expect_map). yaml-cpp
  // throws on anything but IsDefined() for a missing key's node, hence present() first.
  static YAML::Node child(const YAML::Node& map, std::string_view key) {
    return present(map) && map.IsMap() ? map[std::string(key)] : YAML::Node(YAML::NodeType::Undefined);
  }

  // Unknown keys are errors: they are almost always typos of an optional key, which would otherwise
  // be silently ignored. Duplicate keys too: yaml-cpp would keep the first and drop the second.
  bool expect_map(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> known) {
    if (!node.IsMap()) {
      error(path, "expected a map");
      return false;
    }
    std::set<std::string> seen;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) {
        error(path, "keys must be plain strings");
        continue;
      }
      const std::string& key = kv.first.Scalar();
      if (!seen.insert(key).second) error(at(path, key), "duplicate key");
      bool is_known = false;
      for (const auto k : known) is_known = is_known || k == key;
      if (!is_known) error(at(path, key), "unknown key");
    }
    return true;
  }

  std::optional<std::string> string_at(const YAML::Node& node, const std::string& p, Need need) {
    if (!present(node)) {
      if (need == Need::required) error(p, "is required");
      return std::nullopt;
    }
    if (!node.IsScalar()) {
      error(p, "expected a string");
      return std::nullopt;
    }
    if (need == Need::required && trim(node.Scalar()).empty()) {
      error(p, "must not be empty");
      return std::nullopt;
    }
    return node.Scalar();
  }

  std::optional<std::string> string(const YAML::Node& map, std::string_view key, const std::string& path, Need need) {
    return string_at(child(map, key), at(path, key), need);
  }

  // The environment variable, when set and non-empty, wins over the YAML value (DESIGN.md). An empty
  // variable counts as unset, as templated deployments often export empty values.
  std::optional<Sourced> overridable_at(const YAML::Node& node, const std::string& p, const char* env_name, Need need) {
    if (auto value = env_.get(env_name); value && !value->empty()) {
      string_at(node, p, Need::optional);  // still reports a malformed YAML value
      return Sourced{std::move(*value), p + " (from " + env_name + ")", true};
    }
    if (need == Need::required && !present(node)) {
      error(p, std::string("is required (or set ") + env_name + ")");
      return std::nullopt;
    }
    auto value = string_at(node, p, need);
    if (!value) return std::nullopt;
    return Sourced{std::move(*value), p, false};
  }

  std::optional<Sourced> overridable(const YAML::Node& map, std::string_view key, const std::string& path,
                                     const char* env_name, Need need) {
    return overridable_at(child(map, key), at(path, key), env_name, need);
  }

  std::optional<std::uint64_t> integer(const YAML::Node& map, std::string_view key, const std::string& path,
                                       std::uint64_t min, std::uint64_t max, Need need) {
    auto text = string(map, key, path, need);
    if (!text) return std::nullopt;
    const auto value = parse_unsigned(*text);
    if (!value || *value < min || *value > max) {
      error(at(path, key), "expected an integer " + std::to_string(min) + ".." + std::to_string(max));
      return std::nullopt;
    }
    return value;
  }

  void duration(const YAML::Node& map, std::string_view key, const std::string& path, bool allow_zero,
                std::chrono::milliseconds& out) {
    auto text = string(map, key, path, Need::optional);
    if (!text) return;
    const auto value = parse_duration(*text);
    if (!value || (!allow_zero && value->count() == 0)) {
      error(at(path, key), std::string("expected a ") + (allow_zero ? "" : "positive ") +
                               "duration such as 500ms, 10s or 2m (at most 24h)");
      return;
    }
    out = *value;
  }

  std::optional<bool> boolean(const YAML::Node& map, std::string_view key, const std::string& path) {
    auto text = string(map, key, path, Need::optional);
    if (!text) return std::nullopt;
    if (*text == "true") return true;
    if (*text == "false") return false;
    error(at(path, key), "expected true or false");
    return std::nullopt;
  }

  // A comma-separated string (spanning lines, as existing deployments write it) or a YAML sequence.
  std::vector<std::string> list(const YAML::Node& map, std::string_view key, const std::string& path, Need need) {
    const auto node = child(map, key);
    const std::string p = at(path, key);
    if (!present(node)) {
      if (need == Need::required) error(p, "is required");
      return {};
    }
    if (node.IsScalar()) return split_comma_list(node.Scalar());
    if (!node.IsSequence()) {
      error(p, "expected a comma-separated string or a list");
      return {};
    }
    std::vector<std::string> items;
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (!node[i].IsScalar()) {
        error(at(p, i), "expected a string");
        continue;
      }
      if (auto item = trim(node[i].Scalar()); !item.empty()) items.emplace_back(item);
    }
    return items;
  }

  void readable_file(const std::string& file, const std::string& path) {
    if (std::string problem; !file.empty() && !is_readable_file(file, problem)) error(path, problem);
  }

  // --- server -------------------------------------------------------------------------------------

  void read_server(const YAML::Node& node) {
    const std::string path = "server";
    if (!present(node)) return error(path, "is required");
    if (!expect_map(node, path, {"publicUrl", "mtlsUrl", "listeners", "tls", "limits", "threads", "shutdownGrace"}))
      return;
    auto& s = cfg_.server;
    for (auto [key, env, out] : {std::tuple{"publicUrl", kEnvPublicUrl, &s.public_url},
                                 std::tuple{"mtlsUrl", kEnvMtlsUrl, &s.mtls_url}}) {
      auto url = overridable(node, key, path, env, Need::required);
      if (!url) continue;
      if (auto problem = check_base_url(url->value)) error(url->path, *problem);
      *out = url->value;
    }
    read_listeners(child(node, "listeners"), at(path, "listeners"));
    read_tls_files(child(node, "tls"), at(path, "tls"));
    read_limits(child(node, "limits"), at(path, "limits"));
    read_threads(child(node, "threads"), at(path, "threads"));
    duration(node, "shutdownGrace", path, true, s.shutdown_grace);
  }

  void read_listeners(const YAML::Node& node, const std::string& path) {
    if (!present(node)) return error(path, "is required");
    if (!expect_map(node, path, {"tls", "mtls", "ops"})) return;
    for (auto [key, out] : {std::pair{"tls", &cfg_.server.tls}, std::pair{"mtls", &cfg_.server.mtls},
                            std::pair{"ops", &cfg_.server.ops}}) {
      const auto listener = child(node, key);
      const std::string p = at(path, key);
      if (!present(listener)) {
        error(p, "is required");
        continue;
      }
      if (!expect_map(listener, p, {"address", "port"})) continue;
      if (auto address = string(listener, "address", p, Need::required)) out->address = *address;
      if (auto port = integer(listener, "port", p, 0, 65535, Need::required)) out->port = static_cast<std::uint16_t>(*port);
    }
  }

  void read_tls_files(const YAML::Node& node, const std::string& path) {
    if (!present(node)) return error(path, "is required");
    if (!expect_map(node, path, {"certificate", "privateKey", "clientCaFile"})) return;
    auto& t = cfg_.server.tls_files;
    for (auto [key, out] : {std::pair{"certificate", &t.certificate_file}, std::pair{"privateKey", &t.private_key_file},
                            std::pair{"clientCaFile", &t.client_ca_file}}) {
      if (auto file = string(node, key, path, Need::required)) {
        readable_file(*file, at(path, key));
        *out = *file;
      }
    }
  }

  void read_limits(const YAML::Node& node, const std::string& path) {
    if (!present(node)) return;
    if (!expect_map(node, path, {"maxHeaderBytes", "maxBodyBytes", "headerTimeout", "bodyTimeout", "keepAliveTimeout",
                                 "handshakeTimeout", "writeTimeout", "maxRequestsPerConnection", "maxConnections"}))
      return;
    auto& l = cfg_.server.limits;
    constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
    for (auto [key, out] : {std::pair{"maxHeaderBytes", &l.max_header_bytes}, std::pair{"maxBodyBytes", &l.max_body_bytes},
                            std::pair{"maxRequestsPerConnection", &l.max_requests_per_connection},
                            std::pair{"maxConnections", &l.max_connections}}) {
      if (auto value = integer(node, key, path, 1, kMax, Need::optional)) *out = *value;
    }
    for (auto [key, out] : {std::pair{"headerTimeout", &l.header_timeout}, std::pair{"bodyTimeout", &l.body_timeout},
                            std::pair{"keepAliveTimeout", &l.keep_alive_timeout},
                            std::pair{"handshakeTimeout", &l.handshake_timeout}, std::pair{"writeTimeout", &l.write_timeout}}) {
      duration(node, key, path, false, *out);
    }
  }

  void read_threads(const YAML::Node& node, const std::string& path) {
    if (!present(node)) return;
    if (!expect_map(node, path, {"io", "workers", "queue"})) return;
    auto& t = cfg_.server.threads;
    constexpr std::uint64_t kMaxThreads = 1024;
    if (auto v = integer(node, "io", path, 1, kMaxThreads, Need::optional)) t.io = static_cast<unsigned>(*v);
    if (auto v = integer(node, "workers", path, 1, kMaxThreads, Need::optional)) t.workers = static_cast<unsigned>(*v);
    if (auto v = integer(node, "queue", path, 1, std::numeric_limits<std::uint32_t>::max(), Need::optional)) t.queue = *v;
  }

  // --- keys ---------------------------------------------------------------------------------------

  void read_keys(const YAML::Node& node) {
    if (!present(node)) return error("keys", "is required");
    if (!node.IsSequence() || node.size() == 0) return error("keys", "expected a non-empty list");
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = at("keys", i);
      KeyFile& k = cfg_.keys.emplace_back();  // kept even when invalid so indices match the YAML
      if (!expect_map(node[i], path, {"kid", "use", "alg", "file", "active"})) continue;
      if (auto kid = string(node[i], "kid", path, Need::required)) {
        if (!is_printable_id(*kid)) error(at(path, "kid"), "must be printable ASCII without spaces");
        k.kid = *kid;
      }
      const auto use = string(node[i], "use", path, Need::required);
      if (use && *use != "sig" && *use != "enc") error(at(path, "use"), "expected sig or enc");
      if (use) k.use = *use == "enc" ? KeyUse::enc : KeyUse::sig;
      if (auto alg = string(node[i], "alg", path, Need::required)) {
        k.alg = *alg;
        const bool sig_alg = *alg == "PS256" || *alg == "ES256";
        const bool enc_alg = *alg == "RSA-OAEP";
        if (!sig_alg && !enc_alg) error(at(path, "alg"), "expected PS256, ES256 (sig) or RSA-OAEP (enc)");
        else if (use == "sig" && !sig_alg) error(at(path, "alg"), *alg + " is not a signing algorithm (PS256, ES256)");
        else if (use == "enc" && !enc_alg) error(at(path, "alg"), *alg + " is not an encryption algorithm (RSA-OAEP)");
      }
      if (auto file = string(node[i], "file", path, Need::required)) {
        readable_file(*file, at(path, "file"));
        k.file = *file;
      }
      k.active = boolean(node[i], "active", path).value_or(false);
    }
  }

  void read_secrets_dir(const YAML::Node& node) {
    auto dir = overridable_at(node, "secretsDir", kEnvSecretsDir, Need::optional);
    if (!dir) return;
    if (!is_directory(dir->value)) error(dir->path, "not a directory: " + dir->value);
    cfg_.secrets_dir = dir->value;
    secrets_dir_ok_ = is_directory(dir->value);
  }

  // --- clients ------------------------------------------------------------------------------------

  void read_clients(const YAML::Node& node) {
    if (!present(node)) return error("clients", "is required");
    if (!node.IsSequence()) return error("clients", "expected a list");
    for (std::size_t i = 0; i < node.size(); ++i) read_client(node[i], at("clients", i));
  }

  void read_client(const YAML::Node& node, const std::string& path) {
    Client& c = cfg_.clients.emplace_back();  // kept even when invalid so indices match the YAML
    if (!expect_map(node, path, {"clientId", "clientName", "profile", "tokenEndpointAuthMethod", "clientSecretName", "clientSecretKey",
                                 "redirectUris", "postLogoutRedirectUris", "responseTypes", "grantTypes", "allowedScopes",
                                 "jwks", "jwksFile", "jwksUri", "tlsClientAuthSubjectDn", "accessTokenFormat",
                                 "tokenBinding", "requestObjectSigning"}))
      return;
    ClientFacts facts;
    if (auto id = string(node, "clientId", path, Need::required)) c.client_id = *id;
    if (auto name = string(node, "clientName", path, Need::optional)) {
      // Shown on the customer's pages (escaped there): one readable line, not a document.
      if (trim(*name).empty() || name->size() > kMaxClientNameBytes || name->find_first_of("\r\n") != std::string::npos)
        error(at(path, "clientName"), "expected one line of 1 to " + std::to_string(kMaxClientNameBytes) + " bytes");
      else c.client_name = *name;
    }
    if (auto profile = string(node, "profile", path, Need::optional)) {
      const auto parsed = profile_from(*profile);
      if (!parsed) error(at(path, "profile"), "expected fapi1-advanced or fapi2 (omit it for a non-FAPI client)");
      c.profile = parsed.value_or(Profile::none);
      facts.profile_known = parsed.has_value();
    }
    if (auto method = string(node, "tokenEndpointAuthMethod", path, Need::required)) {
      const auto parsed = auth_method_from(*method);
      if (!parsed)
        error(at(path, "tokenEndpointAuthMethod"),
              "expected private_key_jwt, tls_client_auth, client_secret_post or client_secret_basic");
      c.auth_method = parsed.value_or(AuthMethod::client_secret_post);
      facts.auth_method_known = parsed.has_value();
    }
    const auto secret_name = string(node, "clientSecretName", path, Need::optional);
    const auto secret_key = string(node, "clientSecretKey", path, Need::optional);
    facts.has_secret_name = secret_name.has_value();
    facts.has_secret_key = secret_key.has_value();
    c.redirect_uris = list(node, "redirectUris", path, Need::optional);
    c.post_logout_redirect_uris = list(node, "postLogoutRedirectUris", path, Need::optional);
    c.response_types = list(node, "responseTypes", path, Need::optional);
    c.grant_types = list(node, "grantTypes", path, Need::required);
    c.allowed_scopes = list(node, "allowedScopes", path, Need::optional);
    read_client_keys(node, path, c, facts);
    if (auto dn = string(node, "tlsClientAuthSubjectDn", path, Need::optional)) {
      if (trim(*dn).empty()) error(at(path, "tlsClientAuthSubjectDn"), "must not be empty");
      c.tls_client_auth_subject_dn = *dn;
      facts.has_subject_dn = true;
    }
    read_client_token_options(node, path, c, facts);
    validate_client(c, facts, path, errors_);
    if (secret_name && secret_key && facts.profile_known && !is_fapi(c)) resolve_client_secret(c, *secret_name, *secret_key, path);
  }

  // Unknown values are reported here; which profile may use which value is checked by validate_client.
  void read_client_token_options(const YAML::Node& node, const std::string& path, Client& c, ClientFacts& facts) {
    if (auto format = string(node, "accessTokenFormat", path, Need::optional)) {
      const auto parsed = access_token_format_from(*format);
      if (!parsed) error(at(path, "accessTokenFormat"), "expected jwt or opaque");
      c.access_token_format = parsed.value_or(AccessTokenFormat::jwt);
    }
    if (auto binding = string(node, "tokenBinding", path, Need::optional)) {
      const auto parsed = token_binding_from(*binding);
      if (!parsed) error(at(path, "tokenBinding"), "expected mtls or dpop");
      c.token_binding = parsed.value_or(TokenBinding::mtls);
      facts.has_token_binding = parsed.has_value();
    }
    if (auto signing = string(node, "requestObjectSigning", path, Need::optional)) {
      facts.request_object_signing = request_object_signing_from(*signing);
      if (!facts.request_object_signing) error(at(path, "requestObjectSigning"), "expected required or optional");
    }
  }

  void read_client_keys(const YAML::Node& node, const std::string& path, Client& c, ClientFacts& facts) {
    if (const auto jwks = child(node, "jwks"); present(jwks)) {
      ++facts.jwks_sources;
      JwksCheck check;
      if (jwks.IsScalar()) {
        check = jwks_from_text(jwks.Scalar());  // a JSON document given as a string
      } else {
        nlohmann::json json;
        std::size_t budget = kMaxJsonNodes;
        std::string problem;
        check = to_json(jwks, json, 0, budget, problem) ? check_jwks(json) : JwksCheck{{}, problem};
      }
      if (!check.error.empty()) error(at(path, "jwks"), check.error);
      c.jwks_json = std::move(check.compact);
    }
    if (auto file = string(node, "jwksFile", path, Need::optional)) {
      ++facts.jwks_sources;
      auto read = read_file_capped(*file, kMaxConfigFileBytes);
      auto check = read.content ? jwks_from_text(*read.content) : JwksCheck{{}, read.error};
      if (!check.error.empty()) error(at(path, "jwksFile"), check.error);
      c.jwks_json = std::move(check.compact);
    }
    if (auto uri = string(node, "jwksUri", path, Need::optional)) {
      ++facts.jwks_sources;
      c.jwks_uri = *uri;  // validated with the client's other rules
    }
  }

  // YAML → JSON for an inline JWKS. Scalars become strings (every JWK member of RFC 7517/7518 is a
  // string or an array of strings); depth and node count are bounded against alias bombs.
  static bool to_json(const YAML::Node& node, nlohmann::json& out, int depth, std::size_t& budget, std::string& problem) {
    if (depth > kMaxJwksDepth || budget == 0) {
      problem = "JWKS too deep or too large";
      return false;
    }
    --budget;
    if (node.IsScalar()) {
      out = node.Scalar();
    } else if (node.IsSequence()) {
      out = nlohmann::json::array();
      for (const auto& item : node)
        if (!to_json(item, out.emplace_back(), depth + 1, budget, problem)) return false;
    } else if (node.IsMap()) {
      out = nlohmann::json::object();
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          problem = "JWKS member names must be strings";
          return false;
        }
        if (out.contains(kv.first.Scalar())) {
          problem = "duplicate JWKS member name \"" + kv.first.Scalar() + "\"";
          return false;
        }
        if (!to_json(kv.second, out[kv.first.Scalar()], depth + 1, budget, problem)) return false;
      }
    } else {
      out = nullptr;
    }
    return true;
  }

  void resolve_client_secret(Client& c, const std::string& name, const std::string& key, const std::string& path) {
    bool segments_ok = true;
    for (auto [value, field] : {std::pair{&name, "clientSecretName"}, std::pair{&key, "clientSecretKey"}}) {
      if (!is_secret_path_segment(*value)) {
        error(at(path, field), "expected letters, digits, '.', '_' or '-' (one path segment)");
        segments_ok = false;
      }
    }
    if (!segments_ok) return;
    auto lookup = resolve_secret(secrets_dir_ok_ ? cfg_.secrets_dir : std::string(), name, key, env_);
    if (!lookup.secret) return error(at(path, "clientSecretName"), lookup.error);
    c.client_secret = std::move(lookup.secret);
  }

  // --- federation and logging ---------------------------------------------------------------------

  void read_federation(const YAML::Node& node) {
    const std::string path = "federation";
    if (present(node) &&
        !expect_map(node, path, {"discoveryEndpoint", "clientId", "secret", "allowedClientIds", "portalBackofficeUrl",
                                 "caFile", "httpTimeout", "roleClaim", "roleScopes"}))
      return;
    auto& f = cfg_.federation;
    if (auto url = overridable(node, "discoveryEndpoint", path, kEnvDiscovery, Need::optional)) {
      constexpr std::string_view kSuffix = "/.well-known/openid-configuration";
      if (auto problem = check_url(url->value)) error(url->path, *problem);
      // OpenID Connect Discovery 1.0 §4: the issuer is what precedes the suffix, and the document's
      // issuer must equal it (§4.3), so a URL without it leaves nothing to check the document against.
      else if (url->value.size() <= kSuffix.size() || !url->value.ends_with(kSuffix))
        error(url->path, "must end with /.well-known/openid-configuration (OpenID Connect Discovery 1.0 §4)");
      f.discovery_endpoint = url->value;
    }
    if (auto ca = string(node, "caFile", path, Need::optional)) {
      readable_file(*ca, at(path, "caFile"));
      f.ca_file = *ca;
    }
    duration(node, "httpTimeout", path, false, f.http_timeout);
    if (f.http_timeout < kMinFederationHttpTimeout || f.http_timeout > kMaxFederationHttpTimeout)
      error(at(path, "httpTimeout"), "must be between 1s and 30s");
    read_role_scopes(node, path);
    const auto client_id = overridable(node, "clientId", path, kEnvFederationClientId, Need::optional);
    if (client_id) {
      if (!is_printable_id(client_id->value)) error(client_id->path, "must be printable ASCII without spaces");
      f.client_id = client_id->value;
    }
    if (auto secret = overridable(node, "secret", path, kEnvFederationSecret, Need::optional))
      f.client_secret.emplace(std::move(secret->value));
    std::string allowed_note;
    if (auto env = env_.get(kEnvAllowedClientIds); env && !env->empty()) {
      list(node, "allowedClientIds", path, Need::optional);  // still reports a malformed YAML value
      f.allowed_client_ids = split_comma_list(*env);
      allowed_note = std::string(" (from ") + kEnvAllowedClientIds + ")";
    } else {
      f.allowed_client_ids = list(node, "allowedClientIds", path, Need::optional);
    }
    if (auto portal = overridable(node, "portalBackofficeUrl", path, kEnvPortalUrl, Need::optional)) {
      if (auto problem = check_origin(portal->value, f.portal_backoffice_url)) error(portal->path, *problem);
    }
    if (f.enabled()) {
      if (!client_id) error(at(path, "clientId"), std::string("is required with federation (or set ") + kEnvFederationClientId + ")");
      if (!f.client_secret) error(at(path, "secret"), std::string("is required with federation (or set ") + kEnvFederationSecret + ")");
    } else if (client_id || f.client_secret || !f.allowed_client_ids.empty()) {
      error(at(path, "discoveryEndpoint"), std::string("is required when other federation keys are set (or set ") + kEnvDiscovery + ")");
    }
    check_federation_clients(f, cfg_.clients, allowed_note, errors_);
  }

  // roleClaim names the IdP claim holding roles or groups; roleScopes maps each value to scopes.
  void read_role_scopes(const YAML::Node& node, const std::string& path) {
    auto& f = cfg_.federation;
    if (auto claim = string(node, "roleClaim", path, Need::optional)) {
      if (claim->empty() || claim->size() > 64 || !is_printable_id(*claim))
        error(at(path, "roleClaim"), "must be a claim name: printable ASCII without spaces, at most 64");
      f.role_claim = *claim;
    }
    const auto map = child(node, "roleScopes");
    const std::string p = at(path, "roleScopes");
    if (!present(map)) {
      if (!f.role_claim.empty()) error(p, "is required with roleClaim");
      return;
    }
    if (f.role_claim.empty()) return error(p, "needs roleClaim (the claim whose values it maps)");
    if (!map.IsMap() || map.size() == 0) return error(p, "expected a map of role to a list of scopes");
    if (map.size() > kMaxRoleMappings) return error(p, "at most " + std::to_string(kMaxRoleMappings) + " roles");
    std::set<std::string> roles;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) {
        error(p, "keys must be plain strings");
        continue;
      }
      const std::string& role = kv.first.Scalar();
      if (!roles.insert(role).second) error(at(p, role), "duplicate key");
      auto scopes = list(map, role, p, Need::required);
      for (std::size_t i = 0; i < scopes.size(); ++i)
        if (!is_scope_token(scopes[i])) error(at(at(p, role), i), "not a scope token (RFC 6749 §3.3)");
      f.role_scopes.emplace_back(role, std::move(scopes));
    }
  }

  // --- fapi ---------------------------------------------------------------------------------------

  // Optional, every key too; ranges and the acr rules are checked by check_fapi once all is read.
  void read_nonfapi(const YAML::Node& node) {
    const std::string path = "nonfapi";
    if (!present(node)) return;
    if (!expect_map(node, path, {"codeLifetime", "accessTokenLifetime", "refreshTokenLifetime", "loginLifetime"})) return;
    auto& n = cfg_.nonfapi;
    for (auto [key, out] : {std::pair{"codeLifetime", &n.code_lifetime}, std::pair{"accessTokenLifetime", &n.access_token_lifetime},
                            std::pair{"refreshTokenLifetime", &n.refresh_token_lifetime},
                            std::pair{"loginLifetime", &n.login_lifetime}})
      whole_seconds(node, key, path, *out);
  }

  void read_fapi(const YAML::Node& node) {
    const std::string path = "fapi";
    if (!present(node)) return;
    if (!expect_map(node, path, {"parLifetime", "codeLifetime", "accessTokenLifetime", "refreshTokenLifetime",
                                 "interactionLifetime", "maxClockSkew", "requireDpopNonce", "dpopNonceSecretName",
                                 "dpopNonceSecretKey", "acr", "acrValuesSupported"}))
      return;
    auto& f = cfg_.fapi;
    for (auto [key, out] : {std::pair{"parLifetime", &f.par_lifetime}, std::pair{"codeLifetime", &f.code_lifetime},
                            std::pair{"accessTokenLifetime", &f.access_token_lifetime},
                            std::pair{"refreshTokenLifetime", &f.refresh_token_lifetime},
                            std::pair{"interactionLifetime", &f.interaction_lifetime},
                            std::pair{"maxClockSkew", &f.max_clock_skew}}) {
      whole_seconds(node, key, path, *out);
    }
    if (auto nonce = boolean(node, "requireDpopNonce", path)) f.require_dpop_nonce = *nonce;
    f.dpop_nonce_secret = named_secret(node, path, "dpopNonceSecretName", "dpopNonceSecretKey", "DPoP nonce secret");
    if (auto acr = string(node, "acr", path, Need::optional)) f.acr = *acr;
    if (present(child(node, "acrValuesSupported")))
      f.acr_values_supported = list(node, "acrValuesSupported", path, Need::optional);  // emptiness: check_fapi
  }

  // A lifetime in whole seconds: it becomes `expires_in` or a JWT NumericDate, both integers
  // (RFC 6749 §5.1, RFC 7519 §2). Beside parse_duration's units (at most 24h), `<n>d` counts days,
  // for refresh-token lifetimes.
  void whole_seconds(const YAML::Node& map, std::string_view key, const std::string& path, std::chrono::seconds& out) {
    auto text = string(map, key, path, Need::optional);
    if (!text) return;
    constexpr std::uint64_t kMaxDays = 1000000;  // far beyond any range, and no overflow in milliseconds
    std::optional<std::chrono::milliseconds> value;
    if (text->size() > 1 && text->back() == 'd') {
      if (auto days = parse_unsigned(std::string_view(*text).substr(0, text->size() - 1)); days && *days <= kMaxDays)
        value = std::chrono::days(static_cast<std::int64_t>(*days));
    } else {
      value = parse_duration(*text);
    }
    if (!value) return error(at(path, key), "expected a duration such as 90s, 10m, 1h or 365d");
    if (value->count() % 1000 != 0)
      return error(at(path, key), "sub-second precision is not supported (whole seconds, e.g. 2s)");
    out = std::chrono::duration_cast<std::chrono::seconds>(*value);
  }

  // --- storage ------------------------------------------------------------------------------------

  void read_storage(const YAML::Node& node) {
    const std::string path = "storage";
    if (!present(node)) return error(path, "is required (kind: embedded with a path, or kind: postgres)");
    if (!expect_map(node, path, {"kind", "path", "busyTimeout", "url", "passwordSecretName", "passwordSecretKey", "schema",
                                 "poolSize", "connectTimeout", "statementTimeout", "redis", "sweepInterval",
                                 "healthInterval", "maxReconnectBackoff"}))
      return;
    auto& st = cfg_.storage;
    const auto kind = string(node, "kind", path, Need::required);
    if (kind && *kind != "embedded" && *kind != "postgres") error(at(path, "kind"), "expected embedded or postgres");
    st.kind = kind == "postgres" ? StorageKind::postgres : StorageKind::embedded;
    duration(node, "sweepInterval", path, false, st.sweep_interval);
    duration(node, "healthInterval", path, false, st.health_interval);
    duration(node, "maxReconnectBackoff", path, false, st.max_reconnect_backoff);
    const auto pool = integer(node, "poolSize", path, 1, 256, Need::optional);
    // Keys of the other kind are errors rather than silently ignored: they mean the file says one thing
    // and the server does another.
    const auto only_for = [&](std::initializer_list<std::string_view> keys, std::string_view which) {
      for (const auto key : keys)
        if (present(child(node, key))) error(at(path, key), "applies only to kind: " + std::string(which));
    };
    if (!kind) return;
    if (st.kind == StorageKind::embedded) {
      only_for({"url", "passwordSecretName", "passwordSecretKey", "schema", "connectTimeout", "statementTimeout", "redis"},
               "postgres");
      if (auto file = string(node, "path", path, Need::required)) st.embedded.path = *file;
      duration(node, "busyTimeout", path, false, st.embedded.busy_timeout);
      if (pool) st.embedded.pool_size = *pool;
      return;
    }
    only_for({"path", "busyTimeout"}, "embedded");
    auto& pg = st.postgres;
    if (auto url = overridable(node, "url", path, kEnvPostgresUrl, Need::required)) {
      if (auto problem = check_store_url(url->value, {"postgresql", "postgres"})) error(url->path, *problem);
      pg.url = url->value;
    }
    pg.password = store_password(node, path);
    if (auto schema = string(node, "schema", path, Need::optional)) {
      if (!is_sql_identifier(*schema)) error(at(path, "schema"), "expected a lowercase SQL identifier ([a-z_][a-z0-9_]*, at most 63)");
      pg.schema = *schema;
    }
    if (pool) pg.pool_size = *pool;
    duration(node, "connectTimeout", path, false, pg.connect_timeout);
    duration(node, "statementTimeout", path, false, pg.statement_timeout);
    read_redis(child(node, "redis"), at(path, "redis"));
  }

  void read_redis(const YAML::Node& node, const std::string& path) {
    auto& r = cfg_.storage.redis;
    if (present(node) && !expect_map(node, path, {"url", "passwordSecretName", "passwordSecretKey", "keyPrefix", "poolSize",
                                                  "connectTimeout", "commandTimeout"}))
      return;
    if (auto url = overridable(node, "url", path, kEnvRedisUrl, Need::required)) {
      if (auto problem = check_store_url(url->value, {"redis"})) error(url->path, *problem);
      r.url = url->value;
    }
    if (!present(node)) return;
    r.password = store_password(node, path);
    if (auto prefix = string(node, "keyPrefix", path, Need::optional)) {
      if (!is_printable_id(*prefix)) error(at(path, "keyPrefix"), "must be printable ASCII without spaces");
      r.key_prefix = *prefix;
    }
    if (auto pool = integer(node, "poolSize", path, 1, 256, Need::optional)) r.pool_size = *pool;
    duration(node, "connectTimeout", path, false, r.connect_timeout);
    duration(node, "commandTimeout", path, false, r.command_timeout);
  }

  // passwordSecretName + passwordSecretKey.
  std::optional<Secret> store_password(const YAML::Node& node, const std::string& path) {
    return named_secret(node, path, "passwordSecretName", "passwordSecretKey", "password");
  }

  // A secret named by two keys, both or neither, resolved like client secrets (mounted file, else
  // env). Errors are reported at `name_key`; `what` names the pair.
  std::optional<Secret> named_secret(const YAML::Node& node, const std::string& path, std::string_view name_key,
                                     std::string_view key_key, std::string_view what) {
    const auto name = string(node, name_key, path, Need::optional);
    const auto key = string(node, key_key, path, Need::optional);
    if (!name && !key) return std::nullopt;
    if (!name || !key) {
      error(at(path, name ? key_key : name_key), "is required with the other " + std::string(what) + " key");
      return std::nullopt;
    }
    if (!is_secret_path_segment(*name) || !is_secret_path_segment(*key)) {
      error(at(path, name_key), "name and key must match [A-Za-z0-9._-]+");
      return std::nullopt;
    }
    auto lookup = resolve_secret(secrets_dir_ok_ ? cfg_.secrets_dir : std::string(), *name, *key, env_);
    if (!lookup.secret) error(at(path, name_key), lookup.error);
    return std::move(lookup.secret);
  }

  void read_logging(const YAML::Node& node) {
    const std::string path = "logging";
    if (present(node) && !expect_map(node, path, {"level"})) return;
    auto level = overridable(node, "level", path, kEnvLogLevel, Need::optional);
    if (!level) return;
    constexpr std::pair<std::string_view, LogLevel> kLevels[] = {
        {"debug", LogLevel::debug}, {"info", LogLevel::info}, {"warn", LogLevel::warn}, {"error", LogLevel::error}};
    for (const auto& [name, value] : kLevels) {
      if (level->value == name) {
        cfg_.logging.level = value;
        return;
      }
    }
    error(level->path, "expected debug, info, warn or error");
  }

  // --- users, consents, ui -------------------------------------------------------------------------

  // Optional, every key too; lockFor's range is checked by check_users once all is read.
  void read_users(const YAML::Node& node) {
    const std::string path = "users";
    if (!present(node)) return;
    if (!expect_map(node, path, {"passwordHashing", "lockout", "claimsByScope"})) return;
    read_password_hashing(child(node, "passwordHashing"), at(path, "passwordHashing"));
    read_lockout(child(node, "lockout"), at(path, "lockout"));
    read_claims_by_scope(child(node, "claimsByScope"), at(path, "claimsByScope"));
  }

  // The parameters of every algorithm may be set whatever `algorithm` says: they are ready for a switch.
  void read_password_hashing(const YAML::Node& node, const std::string& path) {
    if (!present(node)) return;
    if (!expect_map(node, path, {"algorithm", "argon2MemoryKib", "argon2Iterations", "argon2Parallelism", "bcryptCost",
                                 "pbkdf2Iterations"}))
      return;
    auto& h = cfg_.users.password_hashing;
    if (auto name = string(node, "algorithm", path, Need::optional)) {
      const auto parsed = password_algorithm_from(*name);
      if (!parsed) error(at(path, "algorithm"), "expected argon2id, bcrypt or pbkdf2-sha256");
      h.algorithm = parsed.value_or(h.algorithm);
    }
    for (auto [key, out, min, max] : {std::tuple{"argon2MemoryKib", &h.argon2_memory_kib, kMinArgon2MemoryKib, kMaxArgon2MemoryKib},
                                      std::tuple{"argon2Iterations", &h.argon2_iterations, 1u, kMaxArgon2Iterations},
                                      std::tuple{"argon2Parallelism", &h.argon2_parallelism, 1u, kMaxArgon2Parallelism},
                                      std::tuple{"pbkdf2Iterations", &h.pbkdf2_iterations, kMinPbkdf2Iterations, kMaxPbkdf2Iterations}}) {
      if (auto value = integer(node, key, path, min, max, Need::optional)) *out = static_cast<std::uint32_t>(*value);
    }
    if (auto cost = integer(node, "bcryptCost", path, kMinBcryptCost, kMaxBcryptCost, Need::optional))
      h.bcrypt_cost = static_cast<unsigned>(*cost);
  }

  void read_lockout(const YAML::Node& node, const std::string& path) {
    if (!present(node)) return;
    if (!expect_map(node, path, {"maxFailures", "lockFor"})) return;
    if (auto max = integer(node, "maxFailures", path, 1, kMaxLoginFailuresLimit, Need::optional))
      cfg_.users.max_failures = static_cast<int>(*max);
    whole_seconds(node, "lockFor", path, cfg_.users.lock_for);
  }

  // A map of scope to attributes (a list, or a comma-separated string); it replaces the default map as
  // a whole, in the order written. Keys are free (scope names), so unknown-key checks do not apply;
  // duplicates are still refused, as expect_map does.
  void read_claims_by_scope(const YAML::Node& node, const std::string& path) {
    if (!present(node)) return;
    if (!node.IsMap()) return error(path, "expected a map of scope to a list of attributes");
    if (node.size() == 0) return error(path, "must not be empty (omit it for the default map)");
    if (node.size() > kMaxClaimScopes) return error(path, "at most " + std::to_string(kMaxClaimScopes) + " scopes");
    ClaimsByScope parsed;
    std::set<std::string> scopes;
    const auto errors_before = errors_.size();
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) {
        error(path, "keys must be plain strings");
        continue;
      }
      const std::string& scope = kv.first.Scalar();
      const std::string p = at(path, scope);
      if (!is_scope_token(scope)) error(p, "not a scope token (RFC 6749 §3.3)");
      if (!scopes.insert(scope).second) error(p, "duplicate key");
      if (!present(kv.second)) {
        error(p, "expected a list of attributes");
        continue;
      }
      parsed.emplace_back(scope, claim_attributes(node, scope, path));
    }
    if (errors_.size() == errors_before) cfg_.users.claims_by_scope = std::move(parsed);
  }

  std::vector<std::string> claim_attributes(const YAML::Node& map, const std::string& scope, const std::string& path) {
    const std::string p = at(path, scope);
    const auto errors_before = errors_.size();
    auto attributes = list(map, scope, path, Need::optional);
    if (attributes.empty() && errors_.size() == errors_before) error(p, "must list at least one attribute");
    if (attributes.size() > kMaxClaimsPerScope)
      error(p, "at most " + std::to_string(kMaxClaimsPerScope) + " attributes");
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < attributes.size() && i < kMaxClaimsPerScope; ++i) {
      const auto& a = attributes[i];
      if (!is_user_attribute(a))
        error(at(p, i), "\"" + a + "\" is not sub, name, email, cpf or attributes.<key> (key: [A-Za-z0-9_-], at most " +
                            std::to_string(kMaxUserAttributeNameBytes) + ")");
      else if (!seen.insert(a).second)
        error(at(p, i), "duplicate value \"" + a + "\"");
    }
    return attributes;
  }

  void read_consents(const YAML::Node& node) {
    const std::string path = "consents";
    if (!present(node)) return;
    if (!expect_map(node, path, {"urnNamespace", "awaitingAuthorisationLifetime", "idempotencyKeyLifetime"})) return;
    auto& c = cfg_.consents;
    if (auto nid = string(node, "urnNamespace", path, Need::optional)) {
      if (!is_urn_namespace(*nid))
        error(at(path, "urnNamespace"),
              "expected 2 to 32 letters, digits or hyphens, starting and ending with a letter or digit "
              "(an RFC 8141 namespace identifier)");
      c.urn_namespace = *nid;
    }
    whole_seconds(node, "awaitingAuthorisationLifetime", path, c.awaiting_authorisation_lifetime);
    whole_seconds(node, "idempotencyKeyLifetime", path, c.idempotency_key_lifetime);
  }

  void read_ui(const YAML::Node& node) {
    const std::string path = "ui";
    if (!present(node)) return;
    if (!expect_map(node, path, {"templatesDir", "defaultLocale"})) return;
    if (auto dir = string(node, "templatesDir", path, Need::optional)) {
      if (!dir->empty() && !is_directory(*dir)) error(at(path, "templatesDir"), "not a directory: " + *dir);
      cfg_.ui.templates_dir = *dir;
    }
    if (auto locale = string(node, "defaultLocale", path, Need::optional)) {
      if (*locale != "pt-BR" && *locale != "en") error(at(path, "defaultLocale"), "expected pt-BR or en");
      cfg_.ui.default_locale = *locale;
    }
  }

  const Environment& env_;
  Config cfg_;
  bool secrets_dir_ok_ = false;
  std::vector<std::string> errors_;
};

// yaml-cpp 0.7 emits parse events forever on some malformed input (",a: b" at the top level, found by
// fuzz/config_loader_fuzz.cpp), allocating a node per event until memory runs out. A first pass counts
// the events against a budget a real file cannot reach (every event consumes input, bar a handful),
// so the second pass, which builds the nodes, is known to terminate.
class EventBudget final : public YAML::EventHandler {
 public:
  struct Exceeded {};
  explicit EventBudget(std::size_t budget) : left_(budget) {}
  std::size_t documents() const { return documents_; }

  void OnDocumentStart(const YAML::Mark&) override {
    ++documents_;
    spend();
  }
  void OnDocumentEnd() override { spend(); }
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { spend(); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { spend(); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { spend(); }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { spend(); }
  void OnSequenceEnd() override { spend(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { spend(); }
  void OnMapEnd() override { spend(); }

 private:
  void spend() {
    if (left_ == 0) throw Exceeded{};
    --left_;
  }
  std::size_t left_;
  std::size_t documents_ = 0;
};

std::string describe(const YAML::Exception& e) {
  if (e.mark.is_null()) return "yaml: " + e.msg;
  return "yaml: line " + std::to_string(e.mark.line + 1) + ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg;
}

}  // namespace

LoadResult load_config_text(std::string_view yaml_text, const Environment& env) {
  if (yaml_text.size() > kMaxConfigFileBytes)
    return {nullptr, {"config: larger than " + std::to_string(kMaxConfigFileBytes) + " bytes"}};
  try {
    const std::string text(yaml_text);
    EventBudget budget(4 * text.size() + 1024);
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(budget)) {
    }
    if (budget.documents() > 1) return {nullptr, {"config: expected one YAML document, found " + std::to_string(budget.documents())}};
    return Loader(env).run(YAML::Load(text));
  } catch (const EventBudget::Exceeded&) {
    return {nullptr, {"yaml: malformed document (the parser does not terminate on it)"}};
  } catch (const YAML::Exception& e) {
    return {nullptr, {describe(e)}};
  } catch (const std::exception& e) {  // e.g. std::bad_alloc: still a value, never an escaping exception
    return {nullptr, {std::string("config: cannot be loaded: ") + e.what()}};
  }
}

LoadResult load_config_file(const std::string& path, const Environment& env) {
  auto read = read_file_capped(path, kMaxConfigFileBytes);
  if (!read.content) return {nullptr, {"config: " + read.error}};
  return load_config_text(*read.content, env);
}

}  // namespace fapid::config
