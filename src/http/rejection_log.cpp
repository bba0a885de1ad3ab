#include "http/rejection_log.hpp"

#include "log/logger.hpp"

namespace fapid::http {

void record_oauth_error(Metrics* metrics, std::string_view route, const Request& req, const OAuthError& e,
                        std::string_view client_id) {
  const auto code = to_string(e.code);
  if (metrics) metrics->oauth_error(route, code);
  const auto level = e.status >= 500 ? log::Level::error : log::Level::info;
  log::write(level, "oauth_error",
             {{"route", route}, {"error", code}, {"status", e.status}, {"detail", std::string_view(e.detail)},
              {"client_id", client_id}, {"request_id", std::string_view(req.request_id)}});
}

}  // namespace fapid::http
