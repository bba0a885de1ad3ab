#pragma once
// The Brazilian tax documents a consent names: the logged user's CPF and the business entity's CNPJ.
// The consents API v3 lets the transmitter check their mod-11 check digits (LoggedUser and BusinessEntity
// descriptions); we do, so a typo is refused before the customer is asked anything.
#include <cstddef>
#include <string_view>

namespace fapid::fapi::consents {

inline constexpr std::size_t kCpfLength = 11;
inline constexpr std::size_t kCnpjLength = 14;

// Exactly 11 ASCII digits whose last two are the mod-11 check digits of the first nine, and not one
// digit repeated (00000000000, 11111111111, ... pass the arithmetic but are no one's CPF).
bool is_valid_cpf(std::string_view digits);

// Exactly 14 characters: 12 of [0-9A-Z] then 2 mod-11 check digits. Letters are the alphanumeric CNPJ
// (Receita Federal IN RFB 2.229/2024; the consents API 3.3 pattern ^[0-9A-Z]{12}[0-9]{2}$), each
// character weighing its ASCII code minus 48, so an all-digit CNPJ checks as it always did. One character
// repeated 14 times is refused like the CPF.
bool is_valid_cnpj(std::string_view id);

}  // namespace fapid::fapi::consents
