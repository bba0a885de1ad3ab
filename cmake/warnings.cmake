# Warning-free at -Wall -Wextra on GCC 12 and Clang 14 is a project rule; -Werror keeps it one.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Werror)
