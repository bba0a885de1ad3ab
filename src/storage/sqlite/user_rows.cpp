#include "storage/sqlite/user_rows.hpp"

namespace fapid::storage::sqlite {

Statement& bind_user(Statement& st, const UserRecord& u) {
  return st.text(u.id)
      .text(u.login)
      .text(u.document)
      .text(u.name)
      .text(u.email)
      .text(u.attributes_json)
      .text(u.password_hash)
      .integer(u.disabled ? 1 : 0)
      .integer(u.failed_logins)
      .time(u.locked_until)
      .time(u.created_at)
      .time(u.updated_at);
}

UserRecord read_user(const Statement& st) {
  UserRecord u;
  u.id = st.column_text(0);
  u.login = st.column_text(1);
  u.document = st.column_text(2);
  u.name = st.column_text(3);
  u.email = st.column_text(4);
  u.attributes_json = st.column_text(5);
  u.password_hash = st.column_text(6);
  u.disabled = st.column_integer(7) != 0;
  u.failed_logins = static_cast<int>(st.column_integer(8));
  u.locked_until = st.column_optional_time(9);
  u.created_at = st.column_time(10);
  u.updated_at = st.column_time(11);
  return u;
}

}  // namespace fapid::storage::sqlite
