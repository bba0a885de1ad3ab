# Every dependency is a Debian 12 package; scripts/install-deps.sh installs them.
find_package(Boost 1.81 EXACT REQUIRED COMPONENTS system url)
find_package(OpenSSL 3 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
# cjose ships only a pkg-config file (which names jansson, hence libjansson-dev).
pkg_check_modules(CJOSE REQUIRED IMPORTED_TARGET cjose)
# Storage drivers: SQLite (embedded store), libpqxx 6 (PostgreSQL), hiredis 0.14 (Redis). libpqxx and
# hiredis are found by pkg-config (SPEC.md, Stack hazards: find_package(Hiredis) needs a version).
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
