#include "app/csv_reader.hpp"

namespace fapid::app {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

OAuthError csv_error(std::size_t line, const std::string& what) {
  return {ErrorCode::invalid_request, "line " + std::to_string(line) + ": " + what};
}

// One pass over the text; `pos` and `line` move forward as records are read.
class CsvParser {
 public:
  CsvParser(std::string_view text, const CsvLimits& limits) : text_(text), limits_(limits) {}

  Result<std::vector<CsvRecord>> records() {
    std::vector<CsvRecord> out;
    while (pos_ < text_.size()) {
      if (skip_line_break()) continue;  // an empty line
      if (out.size() == limits_.max_records)
        return csv_error(line_, "more than " + std::to_string(limits_.max_records) + " records");
      CsvRecord record{line_, {}};
      if (auto ok = read_record(record); !ok) return ok.error();
      out.push_back(std::move(record));
    }
    return out;
  }

 private:
  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  // RFC 4180 §2.1 says CRLF; LF alone is accepted too, a lone CR is not.
  bool skip_line_break() {
    if (at('\n')) {
      ++pos_;
    } else if (at('\r') && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      pos_ += 2;
    } else {
      return false;
    }
    ++line_;
    return true;
  }

  Result<void> read_record(CsvRecord& record) {
    for (;;) {
      if (record.fields.size() == limits_.max_fields)
        return csv_error(record.line, "more than " + std::to_string(limits_.max_fields) + " fields");
      auto field = at('"') ? read_quoted(record.line) : read_plain();
      if (!field) return field.error();
      record.fields.push_back(std::move(*field));
      if (pos_ == text_.size() || skip_line_break()) return {};
      if (at(',')) {
        ++pos_;
        continue;
      }
      if (at('\r')) return csv_error(line_, "a carriage return not followed by a line feed");
      return csv_error(line_, "text after the closing quote of a field");
    }
  }

  Result<std::string> read_plain() {
    std::string field;
    while (pos_ < text_.size() && !at(',') && !at('\n') && !at('\r')) {
      if (at('"')) return csv_error(line_, "a quote inside an unquoted field (quote the whole field and double the quote)");
      if (auto ok = append(field, text_[pos_++]); !ok) return ok.error();
    }
    return field;
  }

  // RFC 4180 §2.5–2.7: "..." with "" for a quote; commas and line breaks are part of the field.
  Result<std::string> read_quoted(std::size_t record_line) {
    const std::size_t opened_on = line_;
    ++pos_;
    std::string field;
    for (;;) {
      if (pos_ == text_.size())
        return csv_error(opened_on, "a quoted field is not closed (record starting on line " +
                                        std::to_string(record_line) + ")");
      const char c = text_[pos_++];
      if (c == '"') {
        if (!at('"')) return field;
        ++pos_;
      }
      if (c == '\n') ++line_;
      if (auto ok = append(field, c); !ok) return ok.error();
    }
  }

  Result<void> append(std::string& field, char c) const {
    if (field.size() == limits_.max_field_bytes)
      return csv_error(line_, "a field longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
    field.push_back(c);
    return {};
  }

  std::string_view text_;
  const CsvLimits& limits_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

Result<std::vector<CsvRecord>> parse_csv(std::string_view text, const CsvLimits& limits) {
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) text.remove_prefix(kByteOrderMark.size());
  return CsvParser(text, limits).records();
}

}  // namespace fapid::app
