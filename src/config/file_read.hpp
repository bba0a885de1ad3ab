#pragma once
// Size-capped reads of regular files: a configuration that points at /dev/zero or a huge file must
// fail with a message, not exhaust memory.
#include <cstddef>
#include <optional>
#include <string>

namespace fapid::config {

struct FileContent {
  std::optional<std::string> content;  // set on success
  std::string error;                    // why not, e.g. "file not found: certs/x.key"; never the content
};

FileContent read_file_capped(const std::string& path, std::size_t max_bytes);

// A regular file this process can open for reading; `problem` says why not.
bool is_readable_file(const std::string& path, std::string& problem);

bool is_directory(const std::string& path);

}  // namespace fapid::config
