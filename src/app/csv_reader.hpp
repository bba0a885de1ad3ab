#pragma once
// RFC 4180 CSV: records of comma-separated fields; a field in double quotes may hold commas, line
// breaks and doubled quotes (""). Records end in CRLF or LF. Strict otherwise: a quote inside an
// unquoted field, or text after a closing quote, is an error rather than a guess.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace fapid::app {

struct CsvRecord {
  std::size_t line = 0;  // the 1-based line the record starts on, for error messages
  std::vector<std::string> fields;
};

struct CsvLimits {
  std::size_t max_records = 1'000'000;
  std::size_t max_fields = 16;            // per record
  std::size_t max_field_bytes = 64 * 1024;
};

// Empty lines are skipped; a UTF-8 byte order mark at the start is ignored (spreadsheets write one).
// invalid_request names the line in its description and never quotes the text (it may hold hashes).
Result<std::vector<CsvRecord>> parse_csv(std::string_view text, const CsvLimits& limits);

}  // namespace fapid::app
