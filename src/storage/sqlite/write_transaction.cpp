#include "storage/sqlite/write_transaction.hpp"

#include <utility>

namespace fapid::storage::sqlite {
namespace {

constexpr std::string_view kBegin = "BEGIN IMMEDIATE";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";

Result<void> run(SqliteConnection& conn, std::string_view sql, std::string_view operation) {
  auto statement = conn.prepare(sql, operation);
  if (!statement) return statement.error();
  return statement->finish();
}

}  // namespace

Result<WriteTransaction> WriteTransaction::begin(SqliteConnection& conn, std::string_view operation) {
  if (auto begun = run(conn, kBegin, operation); !begun) return begun.error();
  return WriteTransaction(conn, operation);
}

WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)), operation_(other.operation_) {}

WriteTransaction::~WriteTransaction() {
  // Some errors (a full disk, an I/O error) have rolled the transaction back already.
  if (conn_ != nullptr && conn_->in_transaction()) (void)run(*conn_, kRollback, operation_);
}

Result<void> WriteTransaction::commit() {
  if (auto committed = run(*conn_, kCommit, operation_); !committed) return committed.error();
  conn_ = nullptr;
  return {};
}

}  // namespace fapid::storage::sqlite
