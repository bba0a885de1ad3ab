// CPF and CNPJ check digits (consents API v3 LoggedUser and BusinessEntity: "Cálculo de DV módulo 11").
#include "fapi/consents/documents.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fapid::fapi::consents {
namespace {

TEST(Cpf, AcceptsNumbersWhoseCheckDigitsAreRight) {
  EXPECT_TRUE(is_valid_cpf("52998224725"));
  EXPECT_TRUE(is_valid_cpf("11144477735"));
  EXPECT_TRUE(is_valid_cpf("12345678909"));
  EXPECT_TRUE(is_valid_cpf("93541134780"));
  EXPECT_TRUE(is_valid_cpf("00000000191"));  // leading zeros are part of the number
}

TEST(Cpf, RefusesAWrongCheckDigit) {
  EXPECT_FALSE(is_valid_cpf("52998224724"));
  EXPECT_FALSE(is_valid_cpf("52998224715"));
  EXPECT_FALSE(is_valid_cpf("52998224752"));  // both check digits swapped
  EXPECT_FALSE(is_valid_cpf("62998224725"));  // a base digit changed
}

TEST(Cpf, RefusesOneDigitRepeatedThoughItsArithmeticHolds) {
  for (char c = '0'; c <= '9'; ++c) EXPECT_FALSE(is_valid_cpf(std::string(11, c))) << c;
}

TEST(Cpf, RefusesAnythingButElevenDigits) {
  EXPECT_FALSE(is_valid_cpf("5299822472"));
  EXPECT_FALSE(is_valid_cpf("529982247250"));
  EXPECT_FALSE(is_valid_cpf("529.982.247-25"));
  EXPECT_FALSE(is_valid_cpf("5299822472a"));
  EXPECT_FALSE(is_valid_cpf(" 52998224725"));
  EXPECT_FALSE(is_valid_cpf(std::string("5299822") + '\0' + "725"));
  EXPECT_FALSE(is_valid_cpf(""));
}

TEST(Cnpj, AcceptsNumericNumbersWhoseCheckDigitsAreRight) {
  EXPECT_TRUE(is_valid_cnpj("11222333000181"));
  EXPECT_TRUE(is_valid_cnpj("00000000000191"));  // Banco do Brasil
  EXPECT_TRUE(is_valid_cnpj("19100000000191"));
}

TEST(Cnpj, AcceptsTheAlphanumericCnpjOfTheReceitaFederal) {
  EXPECT_TRUE(is_valid_cnpj("12ABC34501DE35"));  // the Receita Federal's own example, 12.ABC.345/01DE-35
  EXPECT_TRUE(is_valid_cnpj("A1B2C3D4E5F668"));
  EXPECT_FALSE(is_valid_cnpj("12ABC34501DE36"));
  EXPECT_FALSE(is_valid_cnpj("12ABC34501DF35"));
}

TEST(Cnpj, RefusesAWrongCheckDigit) {
  EXPECT_FALSE(is_valid_cnpj("11222333000182"));
  EXPECT_FALSE(is_valid_cnpj("11222333000171"));
  EXPECT_FALSE(is_valid_cnpj("11222333000118"));
}

TEST(Cnpj, RefusesOneCharacterRepeated) {
  EXPECT_FALSE(is_valid_cnpj("00000000000000"));  // its check digits compute as 0 and 0
  for (char c = '1'; c <= '9'; ++c) EXPECT_FALSE(is_valid_cnpj(std::string(14, c))) << c;
}

TEST(Cnpj, RefusesLowercaseLettersLettersInTheCheckDigitsAndOtherLengths) {
  EXPECT_FALSE(is_valid_cnpj("12abc34501de35"));
  EXPECT_FALSE(is_valid_cnpj("12ABC34501DE3A"));
  EXPECT_FALSE(is_valid_cnpj("1122233300018"));
  EXPECT_FALSE(is_valid_cnpj("112223330001810"));
  EXPECT_FALSE(is_valid_cnpj("11.222.333/0001-81"));
  EXPECT_FALSE(is_valid_cnpj("1122233300-181"));
  EXPECT_FALSE(is_valid_cnpj(""));
}

}  // namespace
}  // namespace fapid::fapi::consents
