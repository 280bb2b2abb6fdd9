# The sanitize preset: the core, the server and their native tests built with clang-14 under
# AddressSanitizer and UndefinedBehaviorSanitizer, plus the libFuzzer targets of tests/fuzz.
#
# One build serves both `make test`'s sanitizer group and the fuzz targets, so every library is
# also instrumented for libFuzzer's coverage (-fsanitize=fuzzer-no-link); only the fuzz targets
# link libFuzzer itself. Any report is fatal (-fno-sanitize-recover=all): a sanitizer finding
# that only prints a line would pass a test. Third-party code (SQLite) is instrumented too, since
# the core hands it our buffers. -O1 keeps the build and the runs fast enough for `make test`.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ADUAN_SANITIZE needs clang (libFuzzer): use the sanitize preset "
                      "(clang-14 and libclang-rt-14-dev, installed by tools/setup.sh)")
endif()

set(ADUAN_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=all)
add_compile_options(${ADUAN_SANITIZERS} -fsanitize=fuzzer-no-link -fno-omit-frame-pointer)
add_link_options(${ADUAN_SANITIZERS})

# The preset's build type: asserts on (no NDEBUG), line tables for the reports' stack traces.
set(CMAKE_C_FLAGS_SANITIZE "-O1 -gline-tables-only")
set(CMAKE_CXX_FLAGS_SANITIZE "-O1 -gline-tables-only")
set(CMAKE_EXE_LINKER_FLAGS_SANITIZE "")
