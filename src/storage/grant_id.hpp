#pragma once
// Grant ids are keys of four B-trees (grants, its primary key, and the tokens' grant_id indexes). A
// random id puts every insert, and every delete of the expiry sweep, on a random page of each: a page
// read when it is not cached, and a page more in the WAL and in the next checkpoint. An id that
// starts with its creation time keeps those writes at the right end of each tree, where the pages
// are shared by a whole batch. The id stays unguessable (128 random bits follow) and never leaves
// the server (it is not in any token or response).
#include <chrono>
#include <string>

#include "storage/random.hpp"

namespace fapid::storage {

// 12 lowercase hex digits of the creation time in milliseconds since the epoch (sortable as text
// until the year 10889), then 16 random bytes in base64url.
std::string new_grant_id(std::chrono::system_clock::time_point now, Random& random);

}  // namespace fapid::storage
