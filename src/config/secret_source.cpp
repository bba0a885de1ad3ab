#include "config/secret_source.hpp"

#include <filesystem>
#include <system_error>

#include "config/file_read.hpp"
#include "config/limits.hpp"

namespace fapid::config {

namespace {

bool is_ascii_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Secret files are usually written by tools that append one newline; it is not part of the secret.
void strip_one_newline(std::string& value) {
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
}

}  // namespace

bool is_secret_path_segment(std::string_view segment) {
  if (segment.empty() || segment == "." || segment == "..") return false;
  for (const unsigned char c : segment)
    if (!is_ascii_alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

std::string secret_env_name(std::string_view name, std::string_view key) {
  std::string out = "FAPID_SECRET_";
  auto append = [&out](std::string_view part) {
    for (const unsigned char c : part) {
      out.push_back(is_ascii_alnum(c) ? static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c) : '_');
    }
  };
  append(name);
  out.push_back('_');
  append(key);
  return out;
}

SecretLookup resolve_secret(std::string_view secrets_dir, std::string_view name, std::string_view key,
                            const Environment& env) {
  SecretLookup result;
  const std::string env_name = secret_env_name(name, key);
  std::string file_path;
  if (!secrets_dir.empty()) {
    file_path = (std::filesystem::path(secrets_dir) / name / key).string();
    std::error_code ec;
    if (std::filesystem::exists(file_path, ec)) {
      // The file exists, so it is the source: a broken file is an error, not a reason to fall back.
      auto read = read_file_capped(file_path, kMaxSecretFileBytes);
      if (!read.content) {
        result.error = read.error;
        return result;
      }
      strip_one_newline(*read.content);
      if (read.content->empty()) {
        result.error = "secret file is empty: " + file_path;
        return result;
      }
      result.secret.emplace(std::move(*read.content));
      return result;
    }
  }
  if (auto value = env.get(env_name); value && !value->empty()) {
    result.secret.emplace(std::move(*value));
    return result;
  }
  result.error = file_path.empty() ? "secret not found: environment variable " + env_name + " is not set (no secretsDir)"
                                   : "secret not found: neither file " + file_path + " nor environment variable " +
                                         env_name + " is set";
  return result;
}

}  // namespace fapid::config
