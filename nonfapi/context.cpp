#include "nonfapi/context.hpp"

#include <algorithm>

namespace fapid::nonfapi {

namespace {

bool non_fapi(const config::Client& c) { return c.profile == config::Profile::none; }

federation::RoleScopes role_scopes_of(const config::Federation& f) {
  federation::RoleScopes out;
  out.claim = f.role_claim;
  for (const auto& [role, scopes] : f.role_scopes) out.scopes_by_value.emplace(role, scopes);
  return out;
}

}  // namespace

Context::Context(NonFapiDeps d)
    : deps(std::move(d)),
      cfg(*deps.config),
      issuer(cfg.nonfapi_issuer()),
      callback_url(issuer + std::string(kCallbackPath)),
      token_url(issuer + std::string(kTokenPath)),
      authenticator(deps.clients, deps.ttl, *deps.clock, cfg.fapi.max_clock_skew),
      auth_policy{non_fapi, [](const oauth::RegisteredClient&) { return oauth::AssertionRules{}; }},
      role_scopes(role_scopes_of(cfg.federation)) {}

const oauth::RegisteredClient* Context::client(std::string_view client_id) const {
  const auto* c = deps.clients->find(client_id);
  return c && non_fapi(*c->config) ? c : nullptr;
}

bool Context::may_federate(const oauth::RegisteredClient& client) const {
  const auto& allowed = cfg.federation.allowed_client_ids;
  return deps.idp && std::find(allowed.begin(), allowed.end(), client.id()) != allowed.end();
}

}  // namespace fapid::nonfapi
