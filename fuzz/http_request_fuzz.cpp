// libFuzzer target: a Beast request_parser configured as the server configures it, driven by the
// server's loop (put what is buffered, scan consumed header bytes for obs-fold, then the framing
// checks of message_checks.hpp). Oracle: an accepted request has unambiguous framing and a body
// within the limit that matches its Content-Length.
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "http/message_checks.hpp"

namespace bhttp = boost::beast::http;

namespace {

constexpr std::size_t kHeaderLimit = 8 * 1024;  // config::kDefaultMaxHeaderBytes
constexpr std::size_t kBodyLimit = 64 * 1024;   // config::kDefaultMaxBodyBytes

// Returns true if the server would accept the request at the front of `input` (and sets `used`).
bool parse_one(std::string_view input, std::size_t& used) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(kBodyLimit);
  bool after_lf = false;
  used = 0;
  boost::system::error_code ec;
  while (!parser.is_header_done()) {
    const auto rest = input.substr(used);
    const auto n = parser.put(boost::asio::const_buffer(rest.data(), rest.size()), ec);
    if (fapid::http::contains_obs_fold(rest.substr(0, n), after_lf)) return false;
    if (n > 0) after_lf = rest[n - 1] == '\n';
    used += n;
    if (ec == bhttp::error::need_more && n > 0) continue;  // start line done, fields next
    if (ec) return false;
  }
  const auto& msg = parser.get();
  fapid::http::FramingHeaders framing;
  framing.version = msg.version();
  for (const auto& f : msg) {
    if (f.name() == bhttp::field::content_length) framing.content_length.push_back(f.value());
    if (f.name() == bhttp::field::transfer_encoding) framing.transfer_encoding.push_back(f.value());
  }
  if (fapid::http::framing_problem(framing)) return false;
  parser.eager(true);
  while (!parser.is_done()) {
    const auto rest = input.substr(used);
    const auto n = parser.put(boost::asio::const_buffer(rest.data(), rest.size()), ec);
    used += n;
    if (ec == bhttp::error::need_more && n > 0) continue;
    if (ec || n == 0) return false;
  }
  // Oracle: what we accept is unambiguous.
  if (framing.transfer_encoding.size() + framing.content_length.size() > 1) std::abort();
  if (parser.get().body().size() > kBodyLimit) std::abort();
  if (parser.content_length() && !framing.transfer_encoding.empty()) std::abort();
  if (!framing.transfer_encoding.empty() && framing.version < 11) std::abort();
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Keep-alive: parse pipelined requests one after another, as the server does.
  for (int i = 0; i < 8 && !input.empty(); ++i) {
    std::size_t used = 0;
    if (!parse_one(input, used) || used == 0) break;
    input.remove_prefix(used);
  }
  return 0;
}
