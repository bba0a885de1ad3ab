#include "storage/sqlite/write_transaction.hpp"

#include <utility>

namespace fapid::storage::sqlite {
namespace {

constexpr std::string_view kBegin = "BEGIN IMMEDIATE";
constexpr std::string_view kCommit = "COMMIT";
constexpr std::string_view kRollback = "ROLLBACK";
// Named apart from the write batch's own savepoints (group_commit.cpp), which enclose these.
constexpr std::string_view kSavepoint = "SAVEPOINT write_transaction";
constexpr std::string_view kRelease = "RELEASE write_transaction";
constexpr std::string_view kRollbackTo = "ROLLBACK TO write_transaction";

Result<void> run(SqliteConnection& conn, std::string_view sql, std::string_view operation) {
  auto statement = conn.prepare(sql, operation);
  if (!statement) return statement.error();
  return statement->finish();
}

}  // namespace

Result<WriteTransaction> WriteTransaction::begin(SqliteConnection& conn, std::string_view operation) {
  const bool nested = conn.in_transaction();
  if (auto begun = run(conn, nested ? kSavepoint : kBegin, operation); !begun) return begun.error();
  return WriteTransaction(conn, operation, nested);
}

WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)), operation_(other.operation_), nested_(other.nested_) {}

WriteTransaction::~WriteTransaction() {
  // Some errors (a full disk, an I/O error) have rolled the whole transaction back already.
  if (conn_ == nullptr || !conn_->in_transaction()) return;
  if (!nested_) {
    (void)run(*conn_, kRollback, operation_);
    return;
  }
  // ROLLBACK TO undoes the changes but keeps the savepoint open; RELEASE then removes it.
  if (run(*conn_, kRollbackTo, operation_)) (void)run(*conn_, kRelease, operation_);
}

Result<void> WriteTransaction::commit() {
  if (auto committed = run(*conn_, nested_ ? kRelease : kCommit, operation_); !committed) return committed.error();
  conn_ = nullptr;
  return {};
}

}  // namespace fapid::storage::sqlite
