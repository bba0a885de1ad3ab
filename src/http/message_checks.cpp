#include "http/message_checks.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>

namespace fapid::http {

std::optional<std::string_view> framing_problem(const FramingHeaders& h) {
  const bool has_te = !h.transfer_encoding.empty();
  const bool has_cl = !h.content_length.empty();
  // RFC 9112 §6.1: a sender MUST NOT send CL with TE; an intermediary may honour either, so refuse.
  if (has_te && has_cl) return "transfer-encoding with content-length";
  if (h.content_length.size() > 1) return "duplicate content-length";
  if (has_cl && h.content_length.front().find(',') != std::string_view::npos) return "content-length list";
  if (has_te) {
    // RFC 9112 §6.1: TE is an HTTP/1.1 feature; chunked on 1.0 is read differently by 1.0 proxies.
    if (h.version < 11) return "transfer-encoding on HTTP/1.0";
    if (h.transfer_encoding.size() != 1) return "duplicate transfer-encoding";
    // Only the single coding "chunked": any other (gzip, "gzip, chunked", "chunked, chunked") is refused.
    auto value = boost::algorithm::trim_copy(std::string(h.transfer_encoding.front()));
    if (!boost::algorithm::iequals(value, "chunked")) return "transfer-encoding other than chunked";
  }
  return std::nullopt;
}

bool contains_obs_fold(std::string_view raw, bool after_lf) {
  for (char c : raw) {
    if (after_lf && (c == ' ' || c == '\t')) return true;
    after_lf = (c == '\n');
  }
  return false;
}

}  // namespace fapid::http
