#include "config/file_read.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace fapid::config {

bool is_readable_file(const std::string& path, std::string& problem) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    problem = "file not found: " + path;
    return false;
  }
  if (!std::filesystem::is_regular_file(status)) {
    problem = "not a regular file: " + path;
    return false;
  }
  if (::access(path.c_str(), R_OK) != 0) {
    problem = "file not readable: " + path;
    return false;
  }
  return true;
}

bool is_directory(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

FileContent read_file_capped(const std::string& path, std::size_t max_bytes) {
  FileContent result;
  if (!is_readable_file(path, result.error)) return result;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.error = "file not readable: " + path;
    return result;
  }
  // Read in chunks, stopping one chunk past the cap: no up-front buffer of the cap's size, and files
  // whose size stat cannot tell (/proc reports 0) are bounded all the same.
  std::string buffer;
  char chunk[16 * 1024];
  while (in && buffer.size() <= max_bytes) {
    in.read(chunk, sizeof chunk);
    buffer.append(chunk, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    result.error = "file not readable: " + path;
    return result;
  }
  if (buffer.size() > max_bytes) {
    result.error = "file larger than " + std::to_string(max_bytes) + " bytes: " + path;
    return result;
  }
  result.content = std::move(buffer);
  return result;
}

}  // namespace fapid::config
