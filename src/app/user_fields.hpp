#pragma once
// The customer fields an operator supplies (`fapid users add`, `fapid users import`), checked before
// anything is written. Messages name the field and the rule, never the value: a CPF is personal data
// and a password hash must not reach a terminal or a CI log.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "users/password_hasher.hpp"

namespace fapid::app {

inline constexpr std::size_t kMaxLoginBytes = 256;  // the login page reads no more (fapi/authorize)
inline constexpr std::size_t kMaxNameBytes = 256;
inline constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321 §4.5.3.1.3 path limit, less the brackets
inline constexpr std::size_t kMaxAttributesBytes = 16 * 1024;

struct UserFields {
  std::string login;
  std::string document;         // CPF, 11 digits
  std::string name;
  std::string email;
  std::string attributes_json;  // a JSON object, "{}" when none
};

// Brazilian CPF: 11 digits whose last two are the mod-11 check digits of the first nine (Receita
// Federal); the eleven repeated-digit numbers pass the arithmetic but are never issued.
bool is_valid_cpf(std::string_view document);

// Every problem with `fields`, each "field: rule broken"; empty when they may be stored.
std::vector<std::string> field_problems(const UserFields& fields);

// A hash to import as it is: the problem when this server could not check a password against it
// (an unknown encoding, or parameters out of bounds), found by verifying a dummy password. Costs
// what one login costs. The message never quotes the hash.
std::optional<std::string> imported_hash_problem(const users::PasswordHasher& hasher, std::string_view hash);

// The attributes column from an import: empty means "{}"; otherwise a JSON object, re-serialised.
// invalid_request says why not.
Result<std::string> attributes_from_json(std::string_view json);

// The attributes column from `--attribute key=value` (a string) and `--attribute key:=JSON` (any JSON
// value, e.g. cnpj:='["12345678000195"]'). Keys are [A-Za-z0-9_-] and given once.
Result<std::string> attributes_from_pairs(const std::vector<std::string>& pairs);

}  // namespace fapid::app
