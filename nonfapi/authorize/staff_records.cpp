#include "nonfapi/authorize/staff_records.hpp"

#include <nlohmann/json.hpp>

namespace fapid::nonfapi {

namespace {

using json = nlohmann::json;

// Our own records: a missing or mistyped member means a record from another version, read as absent.
std::optional<json> parse(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

bool read(const json& j, const char* name, std::string& out) {
  const auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

json portal_json(const PortalRequest& p) {
  return {{"client_id", p.client_id}, {"redirect_uri", p.redirect_uri}, {"scope", p.scope},
          {"state", p.state},         {"nonce", p.nonce},               {"code_challenge", p.code_challenge}};
}

bool read_portal(const json& j, PortalRequest& p) {
  const auto it = j.find("portal");
  if (it == j.end() || !it->is_object()) return false;
  const auto& o = *it;
  return read(o, "client_id", p.client_id) && read(o, "redirect_uri", p.redirect_uri) && read(o, "scope", p.scope) &&
         read(o, "state", p.state) && read(o, "nonce", p.nonce) && read(o, "code_challenge", p.code_challenge);
}

}  // namespace

std::string PendingAtIdp::to_json() const {
  return json{{"kind", kind == Kind::login ? "login" : "logout"},
              {"portal", portal_json(portal)},
              {"idp_nonce", idp_nonce},
              {"idp_code_verifier", idp_code_verifier},
              {"idp_scope", idp_scope},
              {"browser_hash", browser_hash},
              {"post_logout_redirect_uri", post_logout_redirect_uri},
              {"logout_state", logout_state}}
      .dump();
}

std::optional<PendingAtIdp> PendingAtIdp::from_json(std::string_view text) {
  const auto j = parse(text);
  if (!j) return std::nullopt;
  PendingAtIdp p;
  std::string kind;
  if (!read(*j, "kind", kind) || (kind != "login" && kind != "logout")) return std::nullopt;
  p.kind = kind == "login" ? Kind::login : Kind::logout;
  if (!read_portal(*j, p.portal) || !read(*j, "idp_nonce", p.idp_nonce) ||
      !read(*j, "idp_code_verifier", p.idp_code_verifier) || !read(*j, "idp_scope", p.idp_scope) ||
      !read(*j, "browser_hash", p.browser_hash) || !read(*j, "post_logout_redirect_uri", p.post_logout_redirect_uri) ||
      !read(*j, "logout_state", p.logout_state))
    return std::nullopt;
  return p;
}

std::string StaffCode::to_json() const {
  return json{{"portal", portal_json(portal)},
              {"scope", scope},
              {"sub", profile.subject},
              {"name", profile.name},
              {"preferred_username", profile.preferred_username},
              {"email", profile.email},
              {"sid", session_id},
              {"auth_time", auth_time}}
      .dump();
}

std::optional<StaffCode> StaffCode::from_json(std::string_view text) {
  const auto j = parse(text);
  if (!j) return std::nullopt;
  StaffCode c;
  if (!read_portal(*j, c.portal) || !read(*j, "scope", c.scope) || !read(*j, "sub", c.profile.subject) ||
      !read(*j, "name", c.profile.name) || !read(*j, "preferred_username", c.profile.preferred_username) ||
      !read(*j, "email", c.profile.email) || !read(*j, "sid", c.session_id))
    return std::nullopt;
  const auto at = j->find("auth_time");
  if (at == j->end() || !at->is_number_integer()) return std::nullopt;
  c.auth_time = at->get<long long>();
  return c;
}

std::string StaffSession::to_json() const {
  return json{{"sub", subject}, {"client_id", client_id}, {"idp_id_token", idp_id_token}, {"grant_ids", grant_ids}}.dump();
}

std::optional<StaffSession> StaffSession::from_json(std::string_view text) {
  const auto j = parse(text);
  if (!j) return std::nullopt;
  StaffSession s;
  if (!read(*j, "sub", s.subject) || !read(*j, "client_id", s.client_id) || !read(*j, "idp_id_token", s.idp_id_token))
    return std::nullopt;
  const auto ids = j->find("grant_ids");
  if (ids == j->end() || !ids->is_array()) return std::nullopt;
  for (const auto& id : *ids) {
    if (!id.is_string()) return std::nullopt;
    s.grant_ids.push_back(id.get<std::string>());
  }
  return s;
}

}  // namespace fapid::nonfapi
