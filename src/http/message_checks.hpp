#pragma once
// Request-framing checks Beast 1.81 does not make (SPEC.md "Stack hazards"; ATTACKS.md H01). The server
// and the HTTP fuzzer share them, so the interface is Beast-free: the caller lists the framing headers.
#include <optional>
#include <string_view>
#include <vector>

namespace fapid::http {

struct FramingHeaders {
  unsigned version = 11;                           // 10 or 11, as Beast reports it
  std::vector<std::string_view> content_length;    // every Content-Length field value, in order
  std::vector<std::string_view> transfer_encoding; // every Transfer-Encoding field value, in order
};

// Why a request is refused as a smuggling attempt; nullopt if its framing is unambiguous.
// Rejects: TE together with CL (either order), any TE other than exactly one final "chunked",
// any TE on HTTP/1.0, and more than one Content-Length (equal or not) or a CL list ("5, 5").
std::optional<std::string_view> framing_problem(const FramingHeaders& h);

// True if the raw header bytes contain an obs-fold (a line starting with SP or HTAB): Beast unfolds
// it silently, so a front proxy and we could disagree on a header value (RFC 9112 §5.2).
// `after_lf` says whether the bytes before `raw` ended with LF (the header may arrive in pieces).
bool contains_obs_fold(std::string_view raw, bool after_lf);

}  // namespace fapid::http
