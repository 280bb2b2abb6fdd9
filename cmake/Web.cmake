# Flags for every target of the web build. -fwasm-exceptions makes a C++ throw an ordinary
# exception (without it a throw aborts the whole module); -Oz with LTO because the first load
# travels over 2G/3G links (budget: 350 KB brotli, see README).
add_compile_options(-fwasm-exceptions)
# No RTTI: every std::function's target would otherwise carry its lambda's type name and type
# record into the program (a few KB brotli); exceptions keep the type records they need.
add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fno-rtti>)
add_link_options(-fwasm-exceptions -sALLOW_MEMORY_GROWTH=1)
set(CMAKE_C_FLAGS_MINSIZEREL "-Oz -flto -DNDEBUG" CACHE STRING "" FORCE)
set(CMAKE_CXX_FLAGS_MINSIZEREL "-Oz -flto -DNDEBUG" CACHE STRING "" FORCE)
set(CMAKE_EXE_LINKER_FLAGS_MINSIZEREL "-Oz -flto" CACHE STRING "" FORCE)

# WebAssembly tests run under node. Node's built-in fetch breaks this Emscripten's loader, so it
# is switched off; NODERAWFS lets tests read fixtures and write temporary databases on disk.
# -O1 at the link: the objects are already optimised bitcode, and the test program gains nothing
# from -Oz's slower code generation and binaryen passes (about a third of its link time).
# The core's JSON reader converts numbers with the JavaScript engine (web/numbers.js).
set(ADUAN_WASM_TEST_LINK_OPTIONS -O1 -sENVIRONMENT=node -sNODERAWFS=1 -sEXIT_RUNTIME=1
                                 -sWASM_ASYNC_COMPILATION=0
                                 "SHELL:--js-library ${PROJECT_SOURCE_DIR}/web/numbers.js")
set(CMAKE_CROSSCOMPILING_EMULATOR node --no-experimental-fetch)
