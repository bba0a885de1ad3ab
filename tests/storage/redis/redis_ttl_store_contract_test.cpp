// The TtlStore contract (tests/unit/storage/contract/ttl_store_contract.hpp) against a real Redis.
#include "redis_test_support.hpp"
#include "unit/storage/contract/ttl_store_contract.hpp"

namespace fapid::storage::testing {

INSTANTIATE_TYPED_TEST_SUITE_P(Redis, TtlStoreContract, RedisFactory);

}  // namespace fapid::storage::testing
