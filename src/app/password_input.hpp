#pragma once
// One secret line from standard input, for `fapid users add`. Never from argv: the command line of
// every process is readable by every user of the machine (`ps`, /proc/PID/cmdline).
#include <cstddef>
#include <string>

#include "core/result.hpp"

namespace fapid::app {

// Reads up to the first line break (LF or CRLF; the break is not part of the value) or end of input.
// On a terminal, prints `prompt` on stderr and turns echo off while reading. invalid_request when the
// line is empty, longer than `max_bytes`, or there is no input at all.
Result<std::string> read_secret_line(const std::string& prompt, std::size_t max_bytes);

}  // namespace fapid::app
