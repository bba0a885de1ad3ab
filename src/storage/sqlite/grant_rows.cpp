#include "storage/sqlite/grant_rows.hpp"

namespace fapid::storage::sqlite {

Statement& bind_grant(Statement& st, const GrantRecord& g) {
  return st.text(g.id)
      .text(g.client_id)
      .text(g.subject)
      .text(g.scope)
      .text(g.consent_id)
      .text_or_null(g.code_hash)
      .text(g.claims_json)
      .time(g.created_at)
      .time(g.expires_at)
      .time(g.revoked_at);
}

Statement& bind_refresh(Statement& st, const RefreshTokenRecord& t, std::string_view grant_id) {
  return st.text(t.token_hash)
      .text(grant_id)
      .text(t.cnf.x5t_s256)
      .text(t.cnf.jkt)
      .time(t.created_at)
      .time(t.expires_at)
      .time(t.consumed_at);
}

Statement& bind_access(Statement& st, const AccessTokenRecord& t, std::string_view grant_id) {
  return st.text(t.token_hash)
      .text(grant_id)
      .text(t.client_id)
      .text(t.scope)
      .text(t.cnf.x5t_s256)
      .text(t.cnf.jkt)
      .time(t.issued_at)
      .time(t.expires_at)
      .time(t.revoked_at);
}

GrantRecord read_grant(const Statement& st, int first) {
  GrantRecord g;
  g.id = st.column_text(first);
  g.client_id = st.column_text(first + 1);
  g.subject = st.column_text(first + 2);
  g.scope = st.column_text(first + 3);
  g.consent_id = st.column_text(first + 4);
  g.code_hash = st.column_text(first + 5);  // NULL reads as empty
  g.claims_json = st.column_text(first + 6);
  g.created_at = st.column_time(first + 7);
  g.expires_at = st.column_time(first + 8);
  g.revoked_at = st.column_optional_time(first + 9);
  return g;
}

RefreshTokenRecord read_refresh(const Statement& st, int first) {
  RefreshTokenRecord t;
  t.token_hash = st.column_text(first);
  t.grant_id = st.column_text(first + 1);
  t.cnf = Confirmation{st.column_text(first + 2), st.column_text(first + 3)};
  t.created_at = st.column_time(first + 4);
  t.expires_at = st.column_time(first + 5);
  t.consumed_at = st.column_optional_time(first + 6);
  return t;
}

AccessTokenRecord read_access(const Statement& st, int first) {
  AccessTokenRecord t;
  t.token_hash = st.column_text(first);
  t.grant_id = st.column_text(first + 1);
  t.client_id = st.column_text(first + 2);
  t.scope = st.column_text(first + 3);
  t.cnf = Confirmation{st.column_text(first + 4), st.column_text(first + 5)};
  t.issued_at = st.column_time(first + 6);
  t.expires_at = st.column_time(first + 7);
  t.revoked_at = st.column_optional_time(first + 8);
  return t;
}

AuditEvent read_audit_event(const Statement& st) {
  return AuditEvent{st.column_time(0), st.column_text(1), st.column_text(2), st.column_text(3), st.column_text(4)};
}

}  // namespace fapid::storage::sqlite
