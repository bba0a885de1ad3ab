// The test-only routes (the interaction stand-in and the clock): compiled into the fapid_fapi_test_routes
// library, which only builds with -DFAPID_TEST_ROUTES=ON (scripts/test.sh); release builds lack this file.
#include "fapi/test_routes/test_routes.hpp"

#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "fapi/authorize/interaction.hpp"
#include "fapi/endpoint_support.hpp"
#include "http/html.hpp"
#include "http/responses.hpp"

namespace fapid::fapi {

namespace {

constexpr std::string_view kRoute = "/auth/test/interaction";

http::Response error_page(const Context& ctx, const http::Request& req, const OAuthError& e) {
  record_rejection(ctx, kRoute, req, e);
  return http::html_page(400, "Test interaction refused", e.description, to_string(e.code));
}

// POST <issuer>/test/interaction: id, decision=approve|deny, subject, cpf, cnpj (comma-separated), acr.
// Stands in for the customer until the login and consent pages exist (issue 5).
http::Response handle_test_interaction(const Context& ctx, const http::Request& req) {
  auto form = read_form(req);
  if (!form) return error_page(ctx, req, form.error());
  const auto id = form->get("id");
  if (!id) return error_page(ctx, req, {ErrorCode::invalid_request, "id is required"});
  if (form->get("decision") != std::optional<std::string_view>("approve")) return complete_interaction(ctx, req, *id, std::nullopt);
  UserAuthentication user;
  user.subject = form->get("subject").value_or("test-user");
  user.acr = form->get("acr").value_or(ctx.cfg.fapi.acr);
  user.auth_time = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock().now().time_since_epoch()).count();
  user.cpf = form->get("cpf").value_or("");
  std::string_view cnpj = form->get("cnpj").value_or("");
  while (!cnpj.empty()) {
    const auto comma = cnpj.find(',');
    user.cnpj.emplace_back(cnpj.substr(0, comma));
    if (comma == std::string_view::npos) break;
    cnpj.remove_prefix(comma + 1);
  }
  return complete_interaction(ctx, req, *id, user);
}

http::Response handle_test_clock(const Context& ctx, TestClock& clock, const http::Request& req) {
  auto form = read_form(req);
  if (!form) return error_page(ctx, req, form.error());
  const std::string advance(form->get("advance").value_or(""));
  constexpr long long kMaxAdvance = 400LL * 24 * 3600;
  long long seconds = 0;
  std::size_t used = 0;
  try {
    seconds = std::stoll(advance, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (advance.empty() || used != advance.size() || seconds < 1 || seconds > kMaxAdvance)
    return error_page(ctx, req, {ErrorCode::invalid_request, "advance must be 1 to 34560000 seconds"});
  clock.advance(std::chrono::seconds(seconds));
  return http::json(200, nlohmann::json{{"offset", clock.offset().count()}}.dump(), http::Cache::no_store);
}

}  // namespace

void add_test_routes(http::Router& router, std::shared_ptr<const Context> ctx, std::shared_ptr<TestClock> clock) {
  router.add({std::string(kIssuerPath) + std::string(kTestInteractionPath), {http::Method::post},
              http::listeners({http::Listener::tls}), http::Execution::worker,
              [ctx](const http::Request& req) { return handle_test_interaction(*ctx, req); }});
  router.add({std::string(kIssuerPath) + "/test/clock", {http::Method::post}, http::listeners({http::Listener::tls}),
              http::Execution::worker,
              [ctx, clock](const http::Request& req) { return handle_test_clock(*ctx, *clock, req); }});
}

}  // namespace fapid::fapi
