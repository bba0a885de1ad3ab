// The validating half of outage_documents.hpp: the back-office body and the page query values.
#include <algorithm>
#include <array>
#include <set>

#include <nlohmann/json.hpp>

#include "config/url_rules.hpp"
#include "fapi/consents/date_time.hpp"
#include "jose/strict_json.hpp"
#include "nonfapi/backoffice/iso_duration.hpp"
#include "nonfapi/backoffice/outage_documents.hpp"

namespace fapid::nonfapi::backoffice {
namespace {

using json = nlohmann::json;

// root > unavailableEndpoints is the deepest legitimate path; the rest is slack for a clear 400.
constexpr std::size_t kMaxJsonDepth = 4;
constexpr std::size_t kMaxQueryDigits = 9;  // page * page-size stays far from overflowing

constexpr std::array<std::string_view, 5> kMembers{"outageTime", "duration", "isPartial", "explanation",
                                                   "unavailableEndpoints"};

BackofficeError invalid(std::string detail) { return {400, "PARAMETRO_INVALIDO", "Parâmetro inválido", std::move(detail)}; }
BackofficeError missing(std::string_view member) {
  return {400, "PARAMETRO_NAO_INFORMADO", "Parâmetro não informado", std::string(member) + " é obrigatório."};
}
BackofficeError rule(std::string_view code, std::string_view title, std::string detail) {
  return {422, std::string(code), std::string(title), std::move(detail)};
}

template <class T>
Validated<T> fail(BackofficeError e) {
  return {std::nullopt, std::move(e)};
}

const std::string kTimeForm = "outageTime deve ser uma data-hora UTC em segundos inteiros, AAAA-MM-DDThh:mm:ssZ.";
const std::string kDurationForm = "duration deve ser uma duração ISO 8601 PnDTnHnMnS em números inteiros (ex.: PT2H30M).";
const std::string kEndpointsForm = "unavailableEndpoints deve ser uma lista de URLs (textos).";

// The members' types and wire forms (400s only); the rules come after, in check_rules.
Validated<OutageDraft> read_members(const json& body) {
  for (const auto& member : body.items()) {
    if (std::find(kMembers.begin(), kMembers.end(), member.key()) == kMembers.end())
      return fail<OutageDraft>(invalid(
          "O corpo tem um membro desconhecido; aceitos: outageTime, duration, isPartial, explanation, "
          "unavailableEndpoints."));
  }
  for (const auto name : {"outageTime", "duration", "isPartial", "explanation"}) {
    if (!body.contains(name)) return fail<OutageDraft>(missing(name));
  }
  OutageDraft d;
  const auto& time = body["outageTime"];
  // Exactly the 20 characters of the wire form: the shared parser also takes a fraction, we do not.
  if (!time.is_string() || time.get_ref<const std::string&>().size() != fapi::consents::kWireDateTimeLength)
    return fail<OutageDraft>(invalid(kTimeForm));
  const auto start = fapi::consents::parse_date_time(time.get_ref<const std::string&>());
  if (!start) return fail<OutageDraft>(invalid(kTimeForm));
  d.outage_time = *start;

  const auto& duration = body["duration"];
  const auto seconds = duration.is_string() ? parse_iso_duration(duration.get_ref<const std::string&>()) : std::nullopt;
  if (!seconds) return fail<OutageDraft>(invalid(kDurationForm));
  d.duration = *seconds;

  if (!body["isPartial"].is_boolean()) return fail<OutageDraft>(invalid("isPartial deve ser um booleano."));
  d.is_partial = body["isPartial"].get<bool>();

  // Strings come out of the strict parser as well-formed UTF-8 (it refuses ill-formed bytes and lone
  // surrogate escapes), so there is nothing more to check for the explanation's encoding.
  if (!body["explanation"].is_string()) return fail<OutageDraft>(invalid("explanation deve ser um texto."));
  d.explanation = body["explanation"].get<std::string>();

  if (const auto it = body.find("unavailableEndpoints"); it != body.end()) {
    if (!it->is_array()) return fail<OutageDraft>(invalid(kEndpointsForm));
    for (const auto& url : *it) {
      if (!url.is_string()) return fail<OutageDraft>(invalid(kEndpointsForm));
      d.unavailable_endpoints.push_back(url.get<std::string>());
    }
  }
  return {std::move(d), std::nullopt};
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::optional<BackofficeError> check_endpoints(const OutageDraft& d) {
  constexpr std::string_view kCode = "ENDPOINTS_INVALIDOS", kTitle = "Endpoints inválidos";
  const auto& urls = d.unavailable_endpoints;
  if (urls.size() > kMaxUnavailableEndpoints)
    return rule(kCode, kTitle, "unavailableEndpoints aceita no máximo " + std::to_string(kMaxUnavailableEndpoints) + " URLs.");
  // A partial failure is only useful to a reader who learns which endpoints fail (SPEC: PARTIAL_FAILURE
  // comes with unavailableEndpoints); a total one may name none.
  if (d.is_partial && urls.empty())
    return rule(kCode, kTitle, "Uma indisponibilidade parcial (isPartial) deve listar unavailableEndpoints.");
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const std::string at = "unavailableEndpoints[" + std::to_string(i) + "]";
    if (urls[i].size() > kMaxEndpointUrlBytes)
      return rule(kCode, kTitle, at + " excede " + std::to_string(kMaxEndpointUrlBytes) + " bytes.");
    if (config::check_url(urls[i]))
      return rule(kCode, kTitle, at + " não é uma URL https absoluta (com host, sem usuário e sem fragmento).");
    if (!seen.insert(urls[i]).second) return rule(kCode, kTitle, at + " repete uma URL anterior.");
  }
  return std::nullopt;
}

// The business rules, in the order of the header's table.
std::optional<BackofficeError> check_rules(const OutageDraft& d, TimePoint now) {
  if (d.duration <= std::chrono::seconds::zero())
    return rule("DURACAO_INVALIDA", "Duração inválida", "duration deve ser positiva.");
  if (d.duration > kMaxOutageDuration)
    return rule("DURACAO_INVALIDA", "Duração inválida", "duration não pode passar de 30 dias.");
  if (is_blank(d.explanation))
    return rule("EXPLICACAO_INVALIDA", "Explicação inválida", "explanation não pode ser vazia.");
  if (d.explanation.size() > kMaxExplanationBytes)
    return rule("EXPLICACAO_INVALIDA", "Explicação inválida",
                "explanation não pode passar de " + std::to_string(kMaxExplanationBytes) + " bytes.");
  if (auto e = check_endpoints(d)) return e;
  // An outage that is already over is never published (/status and /outages look from `now` on), so
  // entering one is a mistake: most likely a date in the wrong year or a local time read as UTC.
  if (d.outage_time + d.duration <= now)
    return rule("DATA_INDISPONIBILIDADE_INVALIDA", "Data de indisponibilidade inválida",
                "A indisponibilidade já terminou: outageTime + duration deve ser posterior a agora.");
  return std::nullopt;
}

// 1 to kMaxQueryDigits ASCII digits, at least `min` and at most `max`.
std::optional<std::size_t> read_count(std::string_view text, std::size_t min, std::size_t max) {
  if (text.empty() || text.size() > kMaxQueryDigits) return std::nullopt;
  std::size_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < min || n > max) return std::nullopt;
  return n;
}

}  // namespace

Validated<OutageDraft> parse_outage_request(std::string_view json_body, TimePoint now) {
  if (json_body.size() > kMaxOutageBodyBytes) return fail<OutageDraft>(invalid("O corpo excede 128 KiB."));
  // parse_strict_json never throws; nothing below does either (types are checked before every get).
  auto body = jose::parse_strict_json(json_body, kMaxJsonDepth);
  if (!body || !body->is_object())
    return fail<OutageDraft>(invalid("O corpo não é um objeto JSON válido (UTF-8, sem membros repetidos)."));
  auto draft = read_members(*body);
  if (draft.error) return draft;
  if (auto e = check_rules(*draft.value, now)) return fail<OutageDraft>(std::move(*e));
  return draft;
}

Validated<PageRequest> parse_page_request(std::optional<std::string_view> page, std::optional<std::string_view> page_size) {
  PageRequest out;
  if (page) {
    const auto n = read_count(*page, 1, std::size_t{999'999'999});
    if (!n) return fail<PageRequest>(invalid("page deve ser um número inteiro maior ou igual a 1."));
    out.page = *n;
  }
  if (page_size) {
    const auto n = read_count(*page_size, 1, kMaxPageSize);
    if (!n)
      return fail<PageRequest>(invalid("page-size deve ser um número inteiro de 1 a " + std::to_string(kMaxPageSize) + "."));
    out.page_size = *n;
  }
  return {out, std::nullopt};
}

storage::OutageQuery public_outages_query(const PageRequest& page, TimePoint now) {
  return storage::OutageQuery{.from = now, .to = std::nullopt, .limit = page.page_size, .offset = page.offset()};
}

storage::OutageQuery status_query(TimePoint now) {
  return storage::OutageQuery{
      .from = now, .to = now + kScheduledHorizon, .limit = storage::kMaxOutageListLimit, .offset = 0};
}

}  // namespace fapid::nonfapi::backoffice
