#include "app/password_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace fapid::app {

namespace {

OAuthError refused(std::string what) { return {ErrorCode::invalid_request, std::move(what)}; }

// Echo off for as long as it lives, on a terminal; a no-op on a pipe or file.
class EchoOff {
 public:
  EchoOff() {
    if (::isatty(STDIN_FILENO) == 0 || ::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (!active_) return;
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    std::fputc('\n', stderr);  // the user's Enter was not echoed
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

}  // namespace

Result<std::string> read_secret_line(const std::string& prompt, std::size_t max_bytes) {
  if (::isatty(STDIN_FILENO) != 0) std::fprintf(stderr, "%s", prompt.c_str());
  std::string line;
  line.reserve(max_bytes + 1);  // no reallocation leaves a copy of a prefix in freed memory
  bool ended = false;  // a line break or the end of input was seen
  bool any_input = false;
  {
    const EchoOff echo_off;
    // Byte by byte with read(2): no stdio buffer holds the secret, nothing past the line is consumed.
    while (line.size() <= max_bytes) {
      char c = 0;
      const auto n = ::read(STDIN_FILENO, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return refused("the password could not be read from standard input");
      if (n == 0 || c == '\n') {
        ended = true;
        any_input = any_input || n == 1;
        break;
      }
      any_input = true;
      line.push_back(c);
    }
  }
  if (!ended) return refused("the password is longer than " + std::to_string(max_bytes) + " bytes");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!any_input) return refused("no password on standard input (write it as one line; or use --password-hash)");
  if (line.empty()) return refused("the password is empty");
  return line;
}

}  // namespace fapid::app
