#include "fapi/consents/request_fields.hpp"

#include "jose/strict_json.hpp"

namespace fapid::fapi::consents::fields {
namespace {

using json = nlohmann::json;

// root > data > loggedUser > document is the deepest legitimate path; the rest is slack for unknown members.
constexpr std::size_t kMaxJsonDepth = 8;

struct PartyRule {
  std::string_view member;
  std::string_view rel;
  bool (*valid)(std::string_view);
};

PartyRule rule_of(Party party) {
  if (party == Party::logged_user) return {"loggedUser", "CPF", is_valid_cpf};
  return {"businessEntity", "CNPJ", is_valid_cnpj};
}

std::string path(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
  std::string out = "data.";
  out += a;
  if (!b.empty()) (out += '.') += b;
  if (!c.empty()) (out += '.') += c;
  return out;
}

}  // namespace

ConsentRequestError invalid(std::string detail) {
  return {400, "PARAMETRO_INVALIDO", "Parâmetro inválido", std::move(detail)};
}

ConsentRequestError missing(std::string detail) {
  return {400, "PARAMETRO_NAO_INFORMADO", "Parâmetro não informado", std::move(detail)};
}

ConsentRequestError rule(std::string_view code, std::string_view title, std::string detail) {
  return {422, std::string(code), std::string(title), std::move(detail)};
}

Validated<json> read_data(std::string_view body) {
  if (body.size() > kMaxConsentBodyBytes) return fail<json>(invalid("O corpo excede 16 KiB."));
  auto doc = jose::parse_strict_json(body, kMaxJsonDepth);
  if (!doc || !doc->is_object()) return fail<json>(invalid("O corpo não é um objeto JSON válido."));
  const auto it = doc->find("data");
  if (it == doc->end()) return fail<json>(missing("data"));
  if (!it->is_object()) return fail<json>(invalid("data deve ser um objeto."));
  return ok<json>(std::move(*it));
}

Validated<std::optional<std::string>> read_document(const json& data, Party party) {
  using Out = std::optional<std::string>;
  const auto r = rule_of(party);
  const auto holder = data.find(r.member);
  if (holder == data.end()) return ok<Out>(std::nullopt);
  if (!holder->is_object()) return fail<Out>(invalid(path(r.member) + " deve ser um objeto."));
  const auto doc = holder->find("document");
  if (doc == holder->end()) return fail<Out>(missing(path(r.member, "document")));
  if (!doc->is_object()) return fail<Out>(invalid(path(r.member, "document") + " deve ser um objeto."));

  const auto id = doc->find("identification");
  const auto rel = doc->find("rel");
  if (id == doc->end()) return fail<Out>(missing(path(r.member, "document", "identification")));
  if (rel == doc->end()) return fail<Out>(missing(path(r.member, "document", "rel")));
  if (!rel->is_string() || rel->get_ref<const std::string&>() != r.rel) {
    return fail<Out>(invalid(path(r.member, "document", "rel") + " deve ser " + std::string(r.rel) + "."));
  }
  if (!id->is_string() || !r.valid(id->get_ref<const std::string&>())) {
    return fail<Out>(invalid(path(r.member, "document", "identification") + " não é um " + std::string(r.rel) +
                             " válido."));
  }
  return ok<Out>(id->get<std::string>());
}

Validated<PermissionSet> read_permissions(const json& data) {
  const auto list = data.find("permissions");
  if (list == data.end()) return fail<PermissionSet>(missing("data.permissions"));
  if (!list->is_array() || list->empty()) {
    return fail<PermissionSet>(invalid("data.permissions deve ser uma lista não vazia."));
  }
  if (list->size() > kMaxRequestedPermissions) {
    return fail<PermissionSet>(invalid("data.permissions tem itens demais."));
  }
  PermissionSet out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& item = (*list)[i];
    const auto index = item.is_string() ? find_permission(item.get_ref<const std::string&>()) : std::nullopt;
    if (!index) {
      return fail<PermissionSet>(
          invalid("data.permissions[" + std::to_string(i) + "] não é uma permissão da API de consentimentos v3."));
    }
    out.set(*index);
  }
  return ok(out);
}

Validated<std::optional<TimePoint>> read_expiration(const json& data) {
  using Out = std::optional<TimePoint>;
  const auto member = data.find("expirationDateTime");
  if (member == data.end()) return ok<Out>(std::nullopt);  // indefinite: the spec says omit it, not null
  // The spec's pattern and maxLength 20 leave no room for a fraction or an offset.
  const auto* text = member->is_string() ? &member->get_ref<const std::string&>() : nullptr;
  const auto parsed = text && text->size() == kWireDateTimeLength ? parse_date_time(*text) : std::nullopt;
  if (!parsed) {
    return fail<Out>(invalid("data.expirationDateTime deve ser uma data-hora UTC como 2021-05-21T08:30:00Z."));
  }
  return ok<Out>(parsed);
}

Validated<std::optional<bool>> read_is_linked(const json& data) {
  using Out = std::optional<bool>;
  const auto member = data.find("isLinked");
  if (member == data.end()) return ok<Out>(std::nullopt);
  if (!member->is_boolean()) return fail<Out>(invalid("data.isLinked deve ser booleano."));
  return ok<Out>(member->get<bool>());
}

}  // namespace fapid::fapi::consents::fields
