#include "fapi/consents/documents.hpp"

#include <algorithm>

namespace fapid::fapi::consents {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_cnpj_base_char(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); }

bool all_same(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [&](char c) { return c == s.front(); });
}

// CPF: weights 10..2 (then 11..2), digit = 11 - sum mod 11, or 0 when that is 10 or 11.
char cpf_check_digit(std::string_view base) {
  int sum = 0;
  int weight = static_cast<int>(base.size()) + 1;
  for (char c : base) sum += (c - '0') * weight--;
  const int rest = sum % 11;
  return static_cast<char>('0' + (rest < 2 ? 0 : 11 - rest));
}

// CNPJ: weights 2..9 cycling from the right, same digit rule; a character weighs its ASCII code - 48.
char cnpj_check_digit(std::string_view base) {
  int sum = 0;
  int weight = 2;
  for (auto it = base.rbegin(); it != base.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 9 ? 2 : weight + 1;
  }
  const int rest = sum % 11;
  return static_cast<char>('0' + (rest < 2 ? 0 : 11 - rest));
}

}  // namespace

bool is_valid_cpf(std::string_view digits) {
  if (digits.size() != kCpfLength || !std::all_of(digits.begin(), digits.end(), is_digit)) return false;
  if (all_same(digits)) return false;
  return cpf_check_digit(digits.substr(0, 9)) == digits[9] && cpf_check_digit(digits.substr(0, 10)) == digits[10];
}

bool is_valid_cnpj(std::string_view id) {
  if (id.size() != kCnpjLength) return false;
  if (!std::all_of(id.begin(), id.begin() + 12, is_cnpj_base_char) || !is_digit(id[12]) || !is_digit(id[13])) {
    return false;
  }
  if (all_same(id)) return false;
  return cnpj_check_digit(id.substr(0, 12)) == id[12] && cnpj_check_digit(id.substr(0, 13)) == id[13];
}

}  // namespace fapid::fapi::consents
