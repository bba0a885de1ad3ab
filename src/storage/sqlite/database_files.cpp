#include "storage/sqlite/database_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "storage/store_error.hpp"

namespace fapid::storage::sqlite {
namespace {

OAuthError file_error(const std::string& what, const std::string& path, int error) {
  std::string detail = "sqlite: cannot " + what + " " + path + ": " + std::strerror(error);
  // A full disk or a failing volume is an outage; a permission or a bad path is a configuration fault.
  const bool outage = error == ENOSPC || error == EIO || error == EMFILE || error == ENFILE || error == EDQUOT;
  return outage ? store_unavailable(std::move(detail)) : store_fault(std::move(detail));
}

// mkdir -p with mode 0700 for every directory it creates (std::filesystem::create_directories
// would use 0777 less the umask).
Result<void> make_parents(const std::filesystem::path& file) {
  std::filesystem::path partial;
  const auto parent = file.parent_path();
  for (const auto& part : parent) {
    partial /= part;
    if (::mkdir(partial.c_str(), 0700) == 0 || errno == EEXIST) continue;
    const int error = errno;
    struct stat existing {};
    // Some file systems report EACCES or EROFS rather than EEXIST for a directory that is there.
    if (::stat(partial.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) continue;
    return file_error("create directory", partial, error);
  }
  return {};
}

}  // namespace

Result<void> prepare_database_file(const std::string& path) {
  if (path.empty()) return store_fault("sqlite: the database path is empty");
  if (auto parents = make_parents(path); !parents) return parents.error();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return file_error("open", path, errno);
  ::close(fd);
  return {};
}

}  // namespace fapid::storage::sqlite
