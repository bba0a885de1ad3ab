// Which SQLSTATEs are an outage (503 temporarily_unavailable) and which break the connection.
#include "storage/postgres/pg_error.hpp"

#include <gtest/gtest.h>

namespace fapid::storage::postgres {
namespace {

TEST(PgError, ConnectionAndShutdownStatesBreakTheConnection) {
  for (const char* state : {"08000", "08003", "08006", "08001", "57P01", "57P02", "57P03"}) {
    EXPECT_TRUE(breaks_connection(state)) << state;
    EXPECT_TRUE(is_outage_sqlstate(state)) << state;
  }
}

TEST(PgError, ResourceExhaustionAndStatementTimeoutAreOutagesOnAHealthyConnection) {
  for (const char* state : {"53000", "53100", "53200", "53300", "57014"}) {
    EXPECT_TRUE(is_outage_sqlstate(state)) << state;
    EXPECT_FALSE(breaks_connection(state)) << state;
  }
}

TEST(PgError, ConstraintAndSyntaxErrorsAreFaults) {
  for (const char* state : {"23505", "23503", "42P01", "42601", "22P02", "57000", ""}) {
    EXPECT_FALSE(is_outage_sqlstate(state)) << state;
  }
}

}  // namespace
}  // namespace fapid::storage::postgres
