#include "nonfapi/backoffice/api_support.hpp"

#include <algorithm>
#include <chrono>

#include <boost/algorithm/string/predicate.hpp>

#include "fapi/consents/date_time.hpp"
#include "http/responses.hpp"
#include "log/logger.hpp"
#include "nonfapi/endpoint_support.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

using json = nlohmann::json;
using fapi::consents::format_date_time;

std::string dump(const json& doc) { return doc.dump(-1, ' ', false, json::error_handler_t::replace); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string page_link(const std::string& base_url, std::string_view query, std::size_t page, std::size_t page_size) {
  std::string link = base_url + "?";
  if (!query.empty()) link.append(query).append("&");
  return link + "page=" + std::to_string(page) + "&page-size=" + std::to_string(page_size);
}

}  // namespace

Call make_call(const Context& ctx, const http::Request& req, std::string_view route) {
  return Call{ctx, req, route, ctx.clock().now()};
}

http::Response respond(const Call& call, int status, std::string body) {
  return with_cors(call.ctx, call.req, http::json(status, std::move(body), http::Cache::no_store));
}

http::Response no_content(const Call& call) {
  http::Response res;
  res.status = 204;
  res.set("cache-control", "no-store");
  return with_cors(call.ctx, call.req, std::move(res));
}

http::Response fail(const Call& call, const BackofficeError& e, std::string_view client_id) {
  if (call.ctx.deps.metrics) call.ctx.deps.metrics->oauth_error(call.route, e.code);
  log::write(e.status >= 500 ? log::Level::error : log::Level::info, "backoffice_error",
             {{"route", call.route}, {"code", std::string_view(e.code)}, {"status", e.status},
              {"detail", std::string_view(e.detail)}, {"client_id", client_id},
              {"request_id", std::string_view(call.req.request_id)}});
  return respond(call, e.status, errors_document(e, call.now));
}

http::Response refuse(const Call& call, const OAuthError& e, std::string_view client_id) {
  record_rejection(call.ctx, call.route, call.req, e, client_id);
  BackofficeError body;
  if (e.status == 401) {
    body = {401, "UNAUTHORIZED", "Não autorizado", "Um access token válido do portal é obrigatório."};
  } else if (e.status == 403) {
    body = {403, "FORBIDDEN", "Acesso negado", "O access token não tem o escopo que esta operação exige."};
  } else if (e.code == ErrorCode::temporarily_unavailable) {
    body = {503, "TEMPORARIAMENTE_INDISPONIVEL", "Serviço indisponível", "Tente novamente em instantes."};
  } else {
    body = {500, "ERRO_INTERNO", "Erro interno", "A requisição não pôde ser processada."};
  }
  auto res = respond(call, body.status, errors_document(body, call.now));
  if (body.status == 401 || body.status == 403) {
    // RFC 6750 §3, as the tree's other resources (endpoint_support.cpp, reject) write it.
    res.set("WWW-Authenticate",
            "Bearer realm=\"" + call.ctx.issuer + "\", error=\"" + std::string(to_string(e.code)) + "\"");
  }
  return res;
}

http::Response method_not_allowed(const Call& call, std::string_view allow) {
  auto res = fail(call, {405, "METODO_NAO_PERMITIDO", "Método não permitido", "Use " + std::string(allow) + "."});
  res.set("Allow", std::string(allow));
  return res;
}

Staff authenticate(const Call& call, std::string_view scope) {
  auto token = authenticate_staff(call.ctx, call.req, scope);
  if (!token) return {std::nullopt, refuse(call, token.error())};
  return {std::move(*token), std::nullopt};
}

std::optional<BackofficeError> check_json_body(const http::Request& req) {
  const auto type = req.header("content-type").value_or("");
  const auto essence = type.substr(0, std::min(type.find(';'), type.size()));
  auto trimmed = essence;
  while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.remove_suffix(1);
  if (boost::algorithm::iequals(trimmed, "application/json")) return std::nullopt;
  return BackofficeError{415, "UNSUPPORTED_MEDIA_TYPE", "Tipo de mídia não suportado", "O corpo deve ser application/json."};
}

Query read_query(const http::Request& req) {
  auto params = http::parse_query(req.query, {});
  if (!params)
    return {std::nullopt, invalid_parameter("A query string é inválida (parâmetros repetidos ou mal codificados).")};
  return {std::move(*params), std::nullopt};
}

std::optional<std::string> path_id(std::string_view segment) {
  if (segment.empty() || segment.size() > 3 * kMaxPathId) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    char c = segment[i];
    if (c == '%') {
      if (i + 2 >= segment.size()) return std::nullopt;
      const int hi = hex_value(segment[i + 1]), lo = hex_value(segment[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' || u < 0x20 || u == 0x7F) return std::nullopt;
    out.push_back(c);
  }
  if (out.size() > kMaxPathId) return std::nullopt;
  return out;
}

std::string path_segment(std::string_view id) {
  constexpr std::string_view kPchar = "-._~!$&'()*+,;=:@";
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : id) {
    const auto u = static_cast<unsigned char>(c);
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (alnum || kPchar.find(c) != std::string_view::npos) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0x0F]);
    }
  }
  return out;
}

BackofficeError not_found(std::string detail) { return {404, "NAO_ENCONTRADO", "Não encontrado", std::move(detail)}; }

BackofficeError invalid_parameter(std::string detail) {
  return {400, "PARAMETRO_INVALIDO", "Parâmetro inválido", std::move(detail)};
}

std::string envelope(json data, const std::string& self_url, TimePoint now) {
  return dump(json{{"data", std::move(data)},
                   {"links", {{"self", self_url}}},
                   {"meta", {{"requestDateTime", format_date_time(now)}}}});
}

std::string page_envelope(json data, const std::string& base_url, std::string_view query, const PageRequest& page,
                          std::size_t total, TimePoint now) {
  const std::size_t pages = std::max<std::size_t>((total + page.page_size - 1) / page.page_size, 1);
  json links{{"self", page_link(base_url, query, page.page, page.page_size)},
             {"first", page_link(base_url, query, 1, page.page_size)},
             {"last", page_link(base_url, query, pages, page.page_size)}};
  if (page.page > 1) links["prev"] = page_link(base_url, query, std::min(page.page - 1, pages), page.page_size);
  if (page.page < pages) links["next"] = page_link(base_url, query, page.page + 1, page.page_size);
  return dump(json{{"data", std::move(data)},
                   {"links", std::move(links)},
                   {"meta", {{"totalRecords", total}, {"totalPages", pages}, {"requestDateTime", format_date_time(now)}}}});
}

void audit(const Call& call, const StaffToken& staff, std::string_view kind, const json& detail) {
  const storage::AuditEvent event{call.now, std::string(kind), staff.client_id, staff.subject, dump(detail)};
  auto appended = call.ctx.deps.audit->append(event);
  if (!appended)
    log::error("audit_append_failed", {{"kind", kind}, {"subject", std::string_view(staff.subject)},
                                       {"detail", std::string_view(appended.error().detail)},
                                       {"request_id", std::string_view(call.req.request_id)}});
}

std::string public_url(const Context& ctx, std::string_view path) { return ctx.cfg.server.public_url + std::string(path); }

}  // namespace fapid::nonfapi::backoffice
