#include "app/cli.hpp"

namespace fapid::app {

namespace {

constexpr const char* kOverview = R"(fapid - FAPI 1.0 Advanced / FAPI 2.0 authorization server for open finance

Usage:
  fapid serve --config FILE          run the server
  fapid check-config --config FILE   validate a configuration and exit
  fapid --check-config --config FILE same as check-config
  fapid migrate --config FILE        apply the storage schema migrations and exit
  fapid users add|import|disable|enable --config FILE ...
                                     manage the bank customers who log in (fapid users --help)
  fapid help [COMMAND]               show help (also: fapid COMMAND --help)
  fapid --version                    print the version

Environment variables override the YAML file; see docs/configuration.md.
Exit status: 0 success, 1 runtime failure (for example a port already in use), 2 usage or configuration error.
)";

constexpr const char* kServe = R"(Usage: fapid serve --config FILE

Loads and validates FILE (YAML), loads the signing and encryption keys and TLS material, and serves:
  the TLS listener   (server.listeners.tls)  browser-facing: discovery, JWKS, authorization pages
  the mTLS listener  (server.listeners.mtls) client-authenticating endpoints; requires a client certificate
  the ops listener   (server.listeners.ops)  plain HTTP: /healthz, /readyz, /metrics
Logs are JSON lines on stderr; a line with "event":"listening" gives the bound ports.
SIGTERM or SIGINT stops accepting, finishes in-flight requests (up to server.shutdownGrace) and exits 0.

Options:
  --config FILE   the configuration file (required)
  --help          this text
)";

constexpr const char* kCheckConfig = R"(Usage: fapid check-config --config FILE

Validates FILE as `serve` would (YAML schema, environment overrides, client secrets, key files, TLS
certificates and keys) without binding any port. Prints "configuration OK" and exits 0, or prints every
error as "error: <yaml.path>: <message>" on stderr and exits 2.

Options:
  --config FILE   the configuration file (required)
  --help          this text
)";

constexpr const char* kMigrate = R"(Usage: fapid migrate --config FILE

Applies the versioned schema migrations of the configured store (storage.kind: embedded -> the SQLite
file at storage.path; postgres -> storage.url, in storage.schema) and exits. `serve` applies them on
start too; run this first to migrate ahead of a rollout. Safe to run again (a no-op when current) and
from several instances at once (PostgreSQL migrations hold an advisory lock). A store whose schema is
newer than this binary is refused. Prints one line per store: its name and schema versions before and
after. Exit status: 0 migrated or already current, 1 the store could not be reached or migrated, 2
configuration error.

Options:
  --config FILE   the configuration file (required)
  --help          this text
)";

std::optional<Command> command_from(const std::string& word) {
  if (word == "serve") return Command::serve;
  if (word == "check-config" || word == "--check-config") return Command::check_config;
  if (word == "migrate") return Command::migrate;
  if (word == "help" || word == "--help" || word == "-h") return Command::help;
  if (word == "--version" || word == "version") return Command::version;
  return std::nullopt;
}

}  // namespace

std::string usage(const std::string& topic) {
  if (topic == "serve") return kServe;
  if (topic == "check-config") return kCheckConfig;
  if (topic == "migrate") return kMigrate;
  return kOverview;
}

ParseResult parse_cli(const std::vector<std::string>& args) {
  if (args.empty()) return {std::nullopt, "no command given"};
  Invocation inv;
  std::size_t i = 0;
  // `--config FILE` may also come before the command (e.g. `fapid --config F --check-config`).
  std::optional<Command> command;
  for (; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--config") {
      if (i + 1 >= args.size()) return {std::nullopt, "--config needs a FILE"};
      inv.config_path = args[++i];
    } else if (auto c = command_from(a); c && !command) {
      command = c;
      if (*c == Command::help && i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) inv.help_topic = args[++i];
    } else if (a == "--help" || a == "-h") {
      inv.help_topic = command == Command::serve          ? "serve"
                       : command == Command::check_config ? "check-config"
                       : command == Command::migrate      ? "migrate"
                                                          : "";
      command = Command::help;
    } else {
      return {std::nullopt, "unknown argument '" + a + "'"};
    }
  }
  if (!command) return {std::nullopt, "no command given"};
  inv.command = *command;
  const bool needs_config =
      inv.command == Command::serve || inv.command == Command::check_config || inv.command == Command::migrate;
  if (needs_config && inv.config_path.empty())
    return {std::nullopt, "--config FILE is required"};
  return {inv, {}};
}

}  // namespace fapid::app
