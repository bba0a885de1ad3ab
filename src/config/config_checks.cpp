#include "config/config_checks.hpp"

#include <array>
#include <map>
#include <utility>

#include "config/client_rules.hpp"

namespace fapid::config {

namespace {

void add(std::vector<std::string>& errors, const std::string& path, const std::string& message) {
  errors.push_back(path + ": " + message);
}

std::string indexed(std::string_view list, std::size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

}  // namespace

void check_listener_ports(const Server& server, std::vector<std::string>& errors) {
  const std::array<std::pair<const char*, const Endpoint*>, 3> listeners{{
      {"tls", &server.tls}, {"mtls", &server.mtls}, {"ops", &server.ops}}};
  for (std::size_t i = 0; i < listeners.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (listeners[i].second->port != 0 && listeners[i].second->port == listeners[j].second->port)
        add(errors, std::string("server.listeners.") + listeners[i].first + ".port",
            std::string("same port as server.listeners.") + listeners[j].first + ".port");
}

void check_key_set(const std::vector<KeyFile>& keys, std::vector<std::string>& errors) {
  std::map<std::string, std::size_t> kids;
  std::map<std::pair<KeyUse, std::string>, std::size_t> active;  // (use, alg) -> index of the active key
  bool any_active_sig = false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto& k = keys[i];
    if (!k.kid.empty() && !kids.emplace(k.kid, i).second)
      add(errors, indexed("keys", i) + ".kid", "duplicate kid \"" + k.kid + "\" (also " + indexed("keys", kids[k.kid]) + ")");
    if (!k.active) continue;
    if (k.use == KeyUse::sig) any_active_sig = true;
    // Two active keys for one algorithm would make the signing key ambiguous; rotation publishes the
    // next key inactive first, then flips `active`.
    const auto [it, inserted] = active.emplace(std::pair{k.use, k.alg}, i);
    if (!inserted)
      add(errors, indexed("keys", i) + ".active",
          "only one key per use and alg may be active (" + indexed("keys", it->second) + " is active for " + k.alg + ")");
  }
  if (!keys.empty() && !any_active_sig) add(errors, "keys", "no active signing key (use: sig, active: true)");
}

void check_client_ids(const std::vector<Client>& clients, std::vector<std::string>& errors) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < clients.size(); ++i) {
    const auto& id = clients[i].client_id;
    if (id.empty()) continue;  // reported where it was read
    if (const auto [it, inserted] = seen.emplace(id, i); !inserted)
      add(errors, indexed("clients", i) + ".clientId", "duplicate client id \"" + id + "\" (also " + indexed("clients", it->second) + ")");
  }
}

void check_federation_clients(const Federation& federation, const std::vector<Client>& clients,
                              const std::string& source_note, std::vector<std::string>& errors) {
  std::map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < federation.allowed_client_ids.size(); ++i) {
    const auto& id = federation.allowed_client_ids[i];
    const std::string path = indexed("federation.allowedClientIds", i) + source_note;
    if (!seen.emplace(id, i).second) {
      add(errors, path, "duplicate value \"" + id + "\"");
      continue;
    }
    const Client* client = nullptr;
    for (const auto& c : clients)
      if (c.client_id == id) client = &c;
    if (client == nullptr) add(errors, path, "\"" + id + "\" is not a configured client");
    else if (is_fapi(*client)) add(errors, path, "\"" + id + "\" is a FAPI client; federation is for non-FAPI clients only");
  }
}

}  // namespace fapid::config
