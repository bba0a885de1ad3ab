#include "app/users_command.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string_view>

#include "app/users_actions.hpp"
#include "config/config_loader.hpp"

namespace fapid::app {

namespace {

constexpr const char* kUsage = R"(Usage:
  fapid users add --config FILE --login LOGIN --document CPF --name NAME --email EMAIL
                  [--attribute KEY=VALUE]... [--attribute KEY:=JSON]... [--password-hash HASH|-]
  fapid users import --config FILE CSV_FILE
  fapid users disable --config FILE --login LOGIN
  fapid users enable --config FILE --login LOGIN

Manages the bank customers who log in at the consent pages, in the store FILE configures
(storage.kind), whose schema is migrated first as `migrate` would.

add      Adds one customer. The password is read from standard input, one line (on a terminal it is
         asked for without echo); it is never taken from the command line, which every user of the
         machine can read. It is hashed with the configured policy (users: in FILE). --password-hash
         instead stores an existing argon2, bcrypt or PBKDF2 hash (including passlib and Django
         encodings) as it is, after checking this server can read it; `--password-hash -` reads the
         hash from standard input, which keeps it out of `ps` too. The user id (`sub`) is random.
         --document is the CPF: 11 digits, no punctuation, valid check digits. --attribute adds a
         claim: KEY=VALUE a string, KEY:=JSON any JSON value (e.g. cnpj:='["12345678000195"]').
import   Adds every customer of CSV_FILE (RFC 4180, UTF-8, at most 64 MiB and 1,000,000 rows), or
         none. Its first line is the header
             login,document,name,email,password_hash[,attributes_json]
         password_hash is an existing hash as for --password-hash, attributes_json a JSON object.
         Quote a field holding commas or quotes ("Silva, Ana"; a quote is written "").
         Every row is checked first and every problem reported with its line number; nothing is
         written unless all rows are valid and no login is taken. Progress every 1,000 rows.
disable  Refuses the customer's logins from now on; the account and its grants' subject remain.
enable   Allows them again.

Exit status: 0 done, 1 the store could not be reached or failed, 2 a usage, configuration or input
error (an invalid field or row, a login already taken, an unknown login). No user changes on 1 or 2.

Options:
  --config FILE   the configuration file (required)
  --help          this text
)";

constexpr int kExitUsage = 2;

struct ActionSpec {
  std::string_view word;
  UsersAction action;
  std::vector<std::string_view> required;
  std::vector<std::string_view> optional;
  bool takes_file;
};

const std::vector<ActionSpec>& action_specs() {
  static const std::vector<ActionSpec> specs{
      {"add", UsersAction::add, {"--login", "--document", "--name", "--email"}, {"--attribute", "--password-hash"}, false},
      {"import", UsersAction::import, {}, {}, true},
      {"disable", UsersAction::disable, {"--login"}, {}, false},
      {"enable", UsersAction::enable, {"--login"}, {}, false},
  };
  return specs;
}

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

UsersParse usage_error(std::string error) { return {std::nullopt, false, std::move(error)}; }

// The flags given, against what the action accepts.
std::optional<std::string> flags_problem(const ActionSpec& spec, const UsersInvocation& inv) {
  for (const auto& [flag, value] : inv.options)
    if (!contains(spec.required, flag) && !contains(spec.optional, flag))
      return flag + " is not an option of `users " + std::string(spec.word) + "`";
  if (!inv.attributes.empty() && !contains(spec.optional, "--attribute"))
    return "--attribute is not an option of `users " + std::string(spec.word) + "`";
  for (const auto& flag : spec.required)
    if (inv.options.count(std::string(flag)) == 0) return std::string(flag) + " is required";
  if (spec.takes_file && inv.csv_path.empty()) return "the CSV_FILE to import is required";
  if (!spec.takes_file && !inv.csv_path.empty()) return "unexpected argument '" + inv.csv_path + "'";
  if (inv.config_path.empty()) return "--config FILE is required";
  return std::nullopt;
}

void print_config_errors(const std::vector<std::string>& errors) {
  for (const auto& e : errors) std::fprintf(stderr, "error: %s\n", e.c_str());
  std::fprintf(stderr, "%zu configuration error(s); nothing was changed\n", errors.size());
}

int execute(const UsersInvocation& inv) {
  // The configuration only: the tool needs the store and the hashing policy, not the signing keys or
  // the TLS material, which the operator's machine may not hold.
  config::ProcessEnvironment env;
  auto loaded = config::load_config_file(inv.config_path, env);
  if (!loaded.config) {
    print_config_errors(loaded.errors);
    return kExitUsage;
  }
  const auto& cfg = *loaded.config;
  switch (inv.action) {
    case UsersAction::add: return add_user_action(inv, cfg);
    case UsersAction::import: return import_users_action(inv, cfg);
    case UsersAction::disable: return set_disabled_action(inv, cfg, true);
    case UsersAction::enable: return set_disabled_action(inv, cfg, false);
  }
  return kExitUsage;
}

}  // namespace

std::string users_usage() { return kUsage; }

UsersParse parse_users_cli(const std::vector<std::string>& args) {
  UsersInvocation inv;
  const ActionSpec* spec = nullptr;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--help" || a == "-h") return {std::nullopt, true, {}};
    if (a.rfind("--", 0) == 0 && a.size() > 2) {
      if (i + 1 >= args.size()) return usage_error(a + " needs a value");
      const auto& value = args[++i];
      if (a == "--attribute") inv.attributes.push_back(value);
      else if (a == "--config" && !inv.config_path.empty()) return usage_error("--config is given twice");
      else if (a == "--config") inv.config_path = value;
      else if (!inv.options.emplace(a, value).second) return usage_error(a + " is given twice");
    } else if (!spec) {
      const auto& specs = action_specs();
      auto found = std::find_if(specs.begin(), specs.end(), [&](const ActionSpec& s) { return s.word == a; });
      if (found == specs.end()) return usage_error("unknown users command '" + a + "'");
      spec = &*found;
      inv.action = spec->action;
    } else if (inv.csv_path.empty()) {
      inv.csv_path = a;
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
  }
  if (!spec) return usage_error("no users command given (add, import, disable or enable)");
  if (auto problem = flags_problem(*spec, inv)) return usage_error(*problem);
  return {inv, false, {}};
}

int run_users_command(const std::vector<std::string>& args) {
  const auto parsed = parse_users_cli(args);
  if (parsed.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!parsed.invocation) {
    std::fprintf(stderr, "fapid users: %s\n\n%s", parsed.error.c_str(), kUsage);
    return kExitUsage;
  }
  try {
    return execute(*parsed.invocation);
  } catch (const std::exception& e) {
    // A bug or an exhausted resource (a thread that could not start): reported, never silent.
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace fapid::app
