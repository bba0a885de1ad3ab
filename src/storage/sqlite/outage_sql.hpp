#pragma once
// The SQL of the outage repository, beside the column order sqlite_outage_repository.cpp binds and reads.
#include <string>

namespace fapid::storage::sqlite::sql {

extern const std::string kInsertOutage;
extern const std::string kFindOutage;
extern const std::string kListOutages;
extern const std::string kCountOutages;
extern const std::string kUpdateOutage;
extern const std::string kDeleteOutage;

}  // namespace fapid::storage::sqlite::sql
