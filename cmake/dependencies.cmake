# Every dependency is a Debian 12 package; scripts/install-deps.sh installs them.
find_package(Boost 1.81 EXACT REQUIRED COMPONENTS system url)
find_package(OpenSSL 3 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
# cjose ships only a pkg-config file (which names jansson, hence libjansson-dev).
pkg_check_modules(CJOSE REQUIRED IMPORTED_TARGET cjose)
