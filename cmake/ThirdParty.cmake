# Third-party code: Dear ImGui, SQLite (the amalgamation natively, its source tree for the web)
# and the QR Code generator, compiled from source, and cereal from Debian's libcereal-dev.
# tools/setup.sh fetches the others (pinned by SHA-256) into .cache/third_party;
# FETCHCONTENT_SOURCE_DIR_IMGUI, _SQLITE, _SQLITE_TREE and _QRCODEGEN point the build at your own
# copies instead (an imgui release tree; a folder holding sqlite3.c/.h; SQLite's source tree;
# a QR-Code-generator release tree, with c/qrcodegen.c).
set(ADUAN_THIRD_PARTY_DIR "${PROJECT_SOURCE_DIR}/.cache/third_party")

function(aduan_third_party_dir out name default_subdir probe_file)
  string(TOUPPER "${name}" upper)
  if(FETCHCONTENT_SOURCE_DIR_${upper})
    set(dir "${FETCHCONTENT_SOURCE_DIR_${upper}}")
  else()
    set(dir "${ADUAN_THIRD_PARTY_DIR}/${default_subdir}")
  endif()
  if(NOT EXISTS "${dir}/${probe_file}")
    message(FATAL_ERROR "${name} sources not found at ${dir} (no ${probe_file}). Run tools/setup.sh "
                        "(make does), or set FETCHCONTENT_SOURCE_DIR_${upper} to a local copy.")
  endif()
  set(${out} "${dir}" PARENT_SCOPE)
endfunction()

# aduan_replace_each(text_var found_var FROM TO [FROM TO]...): every FROM replaced by its TO in
# the text held by text_var; found_var is FALSE when any FROM is missing. The one way the build
# changes a third-party source it compiles a copy of (SQLite's tree below, ImGui's files in
# cmake/ImGui.cmake). No ';' in FROM or TO: CMake would split them there.
function(aduan_replace_each text_var found_var)
  set(text "${${text_var}}")
  set(found TRUE)
  set(replacements ${ARGN})
  while(replacements)
    list(POP_FRONT replacements from to)
    string(FIND "${text}" "${from}" at)
    if(at EQUAL -1)
      set(found FALSE)
    endif()
    string(REPLACE "${from}" "${to}" text "${text}")
  endwhile()
  set(${text_var} "${text}" PARENT_SCOPE)
  set(${found_var} ${found} PARENT_SCOPE)
endfunction()

# SQLite: options from https://sqlite.org/compile.html that drop what Aduan never uses.
set(sqlite_options
  SQLITE_DQS=0 SQLITE_DEFAULT_MEMSTATUS=0 SQLITE_LIKE_DOESNT_MATCH_BLOBS SQLITE_MAX_EXPR_DEPTH=0
  SQLITE_OMIT_DEPRECATED SQLITE_OMIT_LOAD_EXTENSION SQLITE_OMIT_SHARED_CACHE
  SQLITE_OMIT_PROGRESS_CALLBACK SQLITE_OMIT_DECLTYPE SQLITE_OMIT_TCL_VARIABLE SQLITE_USE_ALLOCA
  SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_DEFAULT_WAL_SYNCHRONOUS=2)
if(EMSCRIPTEN)
  # The browser's SQLite is cut for the first-load budget, so it is generated from SQLite's
  # canonical source tree with its options (tools/sqlite-amalgamation.sh): the SQL syntax the
  # browser never runs leaves the parser too. One thread; the page store (a VFS over IndexedDB)
  # never needs WAL; no SQL in the program uses date functions, blob handles, UTF-16, tracing,
  # the authorizer, views, CTEs, window functions, compound SELECTs, CAST, generated columns,
  # ANALYZE, REINDEX or EXPLAIN. No triggers either: only the server's schema has them, and
  # its tests run natively only (tests/CMakeLists.txt). That takes foreign-key enforcement and
  # ON DELETE CASCADE too (fkey.c is built on triggers), so the device store deletes a report's
  # rows itself (local_store_reports.cpp); and RETURNING is parsed but returns no rows, so no
  # SQL the browser runs uses it. No PRAGMA integrity_check (the device never runs it; foreign
  # keys are still parsed: the schema declares them). No virtual tables, no AUTOINCREMENT (the
  # server's), and none of the planner's optional passes (automatic indexes; LIKE, OR and
  # BETWEEN rewrites; the btree count and truncate shortcuts) nor hex literals: they change a
  # query's plan, never its rows (the device's tables are small and its lookups are on keys;
  # the plans were not reviewed one by one). Kept: the quick balance (without it an
  # append rewrites more pages, and each is an IndexedDB write: device_storage.test.mjs), VACUUM
  # (the storage diagnostics) and ATTACH, without which 3.46.1 does not link. Its long double
  # is a double (SQLite then does its exact conversions in double-double arithmetic, as on
  # platforms without one): WebAssembly's long double is a 128-bit soft float, a few KB of code.
  list(APPEND sqlite_options SQLITE_THREADSAFE=0 SQLITE_OMIT_WAL
    SQLITE_OMIT_JSON SQLITE_OMIT_AUTHORIZATION SQLITE_OMIT_COMPLETE SQLITE_OMIT_DATETIME_FUNCS
    SQLITE_OMIT_LOCALTIME SQLITE_OMIT_GET_TABLE SQLITE_OMIT_INCRBLOB SQLITE_OMIT_TRACE
    SQLITE_OMIT_UTF16 SQLITE_OMIT_COMPILEOPTION_DIAGS SQLITE_OMIT_DESERIALIZE SQLITE_UNTESTABLE
    SQLITE_OMIT_INTROSPECTION_PRAGMAS SQLITE_OMIT_CASE_SENSITIVE_LIKE_PRAGMA
    SQLITE_OMIT_AUTOVACUUM SQLITE_OMIT_XFER_OPT SQLITE_OMIT_SCHEMA_PRAGMAS
    SQLITE_OMIT_VIEW SQLITE_OMIT_CTE SQLITE_OMIT_WINDOWFUNC SQLITE_OMIT_COMPOUND_SELECT
    SQLITE_OMIT_CAST SQLITE_OMIT_GENERATED_COLUMNS
    SQLITE_OMIT_ANALYZE SQLITE_OMIT_REINDEX SQLITE_OMIT_EXPLAIN SQLITE_OMIT_TRIGGER
    SQLITE_OMIT_VIRTUALTABLE SQLITE_OMIT_AUTOINCREMENT SQLITE_OMIT_AUTOMATIC_INDEX
    SQLITE_OMIT_LIKE_OPTIMIZATION SQLITE_OMIT_OR_OPTIMIZATION SQLITE_OMIT_BETWEEN_OPTIMIZATION
    SQLITE_OMIT_BTREECOUNT SQLITE_OMIT_TRUNCATE_OPTIMIZATION
    SQLITE_OMIT_HEX_INTEGER SQLITE_OMIT_INTEGRITY_CHECK LONGDOUBLE_TYPE=double)
  aduan_third_party_dir(ADUAN_SQLITE_TREE sqlite_tree "sqlite_tree-3.46.1" src/parse.y)
  # ALTER TABLE ... ADD COLUMN needs SQLite's tree changed for these options, in a copy of it
  # (links, but for the changed files) that the generator reads:
  # - Leaving virtual tables out leaves ALTER TABLE out too, in three places: its grammar
  #   (src/parse.y), its keywords (tool/mkkeywordhash.c) and its code (src/sqliteInt.h). All
  #   three are undone; src/alter.c has its own guards for virtual tables. The device's schema
  #   steps add columns.
  # - src/alter.c checks the rows after the column is in with SQL that needs what is left out:
  #   RAISE() (the trigger grammar) and pragma_quick_check (a virtual table). The check that a
  #   column only an empty table takes (NOT NULL without a default) meets an empty table fails
  #   the same way on the same rows with "integer overflow" (abs() of the smallest integer)
  #   instead of its message; the re-check of the table's CHECK constraints against the new
  #   column's default is left out: the device's own steps are the only ALTERs, each adds a
  #   column whose default satisfies them, and the store's fixture tests run every step.
  # - Three more changes only take out what the programs never run, each explained where it is
  #   made: ALTER TABLE's RENAME and DROP COLUMN (src/alter.c), the SQL functions no statement
  #   calls (src/func.c), and the long-double branches (src/util.c, src/vdbeaux.c).
  set(sqlite_tree "${CMAKE_BINARY_DIR}/sqlite-tree")
  set(patched_files src/alter.c src/func.c src/parse.y src/sqliteInt.h src/util.c src/vdbeaux.c
                    tool/mkkeywordhash.c)
  foreach(folder src tool)  # real folders in the copy: a link would write into the tree
    if(IS_SYMLINK "${sqlite_tree}/${folder}")
      file(REMOVE "${sqlite_tree}/${folder}")
    endif()
  endforeach()
  foreach(file_name ${patched_files})
    file(READ "${ADUAN_SQLITE_TREE}/${file_name}" source)
    set(replacements)
    set(appended "")
    set(found TRUE)  # src/alter.c's one pattern is a regular expression, matched apart
    if(file_name STREQUAL "src/alter.c")
      set(check_sql "\"SELECT CASE WHEN quick_check GLOB 'CHECK\\*'\"[^;]*\" OR quick_check GLOB 'non-\\* value in\\*'\"")
      string(REGEX MATCH "${check_sql}" found "${source}")
      string(REGEX REPLACE "${check_sql}" "\"SELECT 0 WHERE 0\"" source "${source}")
      list(APPEND replacements "\"SELECT raise(ABORT,%Q) FROM \\\"%w\\\".\\\"%w\\\"\""
           "\"SELECT abs(-9223372036854775807 - 1 + 0 * count(*)), %Q FROM \\\"%w\\\".\\\"%w\\\" HAVING count(*) > 0\"")
      # Only ADD COLUMN: RENAME and DROP COLUMN answer an error, so the machinery that rewrites
      # the schema's SQL for them (and its internal SQL functions) is not compiled in.
      list(APPEND replacements
           "\nvoid sqlite3AlterRenameTable(" "\nstatic void alterRenameTableLeftOut("
           "\nvoid sqlite3AlterRenameColumn(" "\nstatic void alterRenameColumnLeftOut("
           "\nvoid sqlite3AlterDropColumn(" "\nstatic void alterDropColumnLeftOut("
           "\nvoid sqlite3AlterFunctions(void)" "\nstatic void alterFunctionsLeftOut(void)")
      set(appended [=[
void sqlite3AlterRenameTable(Parse *pParse, SrcList *pSrc, Token *pName){
  sqlite3ErrorMsg(pParse, "ALTER TABLE ... RENAME is not in this build");
  sqlite3SrcListDelete(pParse->db, pSrc);
}
void sqlite3AlterRenameColumn(Parse *pParse, SrcList *pSrc, Token *pOld, Token *pNew){
  sqlite3ErrorMsg(pParse, "ALTER TABLE ... RENAME COLUMN is not in this build");
  sqlite3SrcListDelete(pParse->db, pSrc);
}
void sqlite3AlterDropColumn(Parse *pParse, SrcList *pSrc, const Token *pName){
  sqlite3ErrorMsg(pParse, "ALTER TABLE ... DROP COLUMN is not in this build");
  sqlite3SrcListDelete(pParse->db, pSrc);
}
void sqlite3AlterFunctions(void){
}
]=])
    elseif(file_name STREQUAL "src/func.c")
      # The SQL functions nothing the programs run calls (their SQL is in core/store) are not
      # registered, so their code is left out: the trims, hex and unhex, replace, instr, char and
      # unicode, round, upper and lower, concat, random, avg, group_concat, and LIKE and GLOB.
      # Kept: what the store's SQL and SQLite's own ADD COLUMN and VACUUM use (count, sum, min,
      # max, coalesce, length, typeof, abs, printf, substr, quote), the tests' zeroblob, and the
      # tiny rest.
      set(function_lines
        "    FUNCTION(ltrim,              1, 1, 0, trimFunc         ),"
        "    FUNCTION(ltrim,              2, 1, 0, trimFunc         ),"
        "    FUNCTION(rtrim,              1, 2, 0, trimFunc         ),"
        "    FUNCTION(rtrim,              2, 2, 0, trimFunc         ),"
        "    FUNCTION(trim,               1, 3, 0, trimFunc         ),"
        "    FUNCTION(trim,               2, 3, 0, trimFunc         ),"
        "    FUNCTION2(octet_length,      1, 0, 0, bytelengthFunc,SQLITE_FUNC_BYTELEN),"
        "    FUNCTION(instr,              2, 0, 0, instrFunc        ),"
        "    FUNCTION(unicode,            1, 0, 0, unicodeFunc      ),"
        "    FUNCTION(char,              -1, 0, 0, charFunc         ),"
        "    FUNCTION(round,              1, 0, 0, roundFunc        ),"
        "    FUNCTION(round,              2, 0, 0, roundFunc        ),"
        "    FUNCTION(upper,              1, 0, 0, upperFunc        ),"
        "    FUNCTION(lower,              1, 0, 0, lowerFunc        ),"
        "    FUNCTION(hex,                1, 0, 0, hexFunc          ),"
        "    FUNCTION(unhex,              1, 0, 0, unhexFunc        ),"
        "    FUNCTION(unhex,              2, 0, 0, unhexFunc        ),"
        "    FUNCTION(concat,            -1, 0, 0, concatFunc       ),"
        "    FUNCTION(concat_ws,         -1, 0, 0, concatwsFunc     ),"
        "    VFUNCTION(random,            0, 0, 0, randomFunc       ),"
        "    VFUNCTION(randomblob,        1, 0, 0, randomBlob       ),"
        "    FUNCTION(sqlite_log,         2, 0, 0, errlogFunc       ),"
        "    FUNCTION(replace,            3, 0, 0, replaceFunc      ),"
        "    WAGGREGATE(avg,   1,0,0, sumStep, avgFinalize, avgFinalize, sumInverse, 0),"
        "    WAGGREGATE(group_concat, 1, 0, 0, groupConcatStep,\n        groupConcatFinalize, groupConcatValue, groupConcatInverse, 0),"
        "    WAGGREGATE(group_concat, 2, 0, 0, groupConcatStep,\n        groupConcatFinalize, groupConcatValue, groupConcatInverse, 0),"
        "    WAGGREGATE(string_agg,   2, 0, 0, groupConcatStep,\n        groupConcatFinalize, groupConcatValue, groupConcatInverse, 0),"
        "    LIKEFUNC(glob, 2, &globInfo, SQLITE_FUNC_LIKE|SQLITE_FUNC_CASE),"
        "    LIKEFUNC(like, 2, &likeInfoNorm, SQLITE_FUNC_LIKE),"
        "    LIKEFUNC(like, 3, &likeInfoNorm, SQLITE_FUNC_LIKE),")
      foreach(line ${function_lines})
        list(APPEND replacements "\n${line}\n" "\n")
      endforeach()
    elseif(file_name STREQUAL "src/util.c" OR file_name STREQUAL "src/vdbeaux.c")
      # Its long double is a double (above), but these branches test a run-time flag and keep
      # long-double constants (1.0e+100L): the soft-float code stays unless the test is one the
      # compiler can see is false.
      list(APPEND replacements "if( sqlite3Config.bUseLongDouble ){"
           "if( sizeof(LONGDOUBLE_TYPE)>8 && sqlite3Config.bUseLongDouble ){")
    elseif(file_name STREQUAL "src/parse.y")
      list(APPEND replacements
           "%ifndef SQLITE_OMIT_ALTERTABLE \n%ifndef SQLITE_OMIT_VIRTUALTABLE\n" "%ifndef SQLITE_OMIT_ALTERTABLE\n"
           "%endif SQLITE_OMIT_VIRTUALTABLE\n%endif SQLITE_OMIT_ALTERTABLE\n" "%endif SQLITE_OMIT_ALTERTABLE\n")
    elseif(file_name STREQUAL "src/sqliteInt.h")
      list(APPEND replacements
           "#if defined(SQLITE_OMIT_VIRTUALTABLE) && !defined(SQLITE_OMIT_ALTERTABLE)\n# define SQLITE_OMIT_ALTERTABLE\n#endif\n" "")
    else()
      list(APPEND replacements
           "#if defined(SQLITE_OMIT_ALTERTABLE) || defined(SQLITE_OMIT_VIRTUALTABLE)\n#  define ALTER "
           "#if defined(SQLITE_OMIT_ALTERTABLE)\n#  define ALTER ")
    endif()
    aduan_replace_each(source replaced ${replacements})
    string(APPEND source "${appended}")
    if(NOT found OR NOT replaced)
      message(FATAL_ERROR "${ADUAN_SQLITE_TREE}/${file_name} is not as expected: the browser's "
                          "SQLite options need it changed (cmake/ThirdParty.cmake)")
    endif()
    get_filename_component(folder "${sqlite_tree}/${file_name}" DIRECTORY)
    file(MAKE_DIRECTORY "${folder}")
    file(WRITE "${sqlite_tree}/${file_name}.new" "${source}")
    file(COPY_FILE "${sqlite_tree}/${file_name}.new" "${sqlite_tree}/${file_name}" ONLY_IF_DIFFERENT)
  endforeach()
  file(GLOB tree_entries RELATIVE "${ADUAN_SQLITE_TREE}" "${ADUAN_SQLITE_TREE}/*"
       "${ADUAN_SQLITE_TREE}/src/*" "${ADUAN_SQLITE_TREE}/tool/*")
  foreach(entry ${tree_entries})
    if(NOT entry MATCHES "^(src|tool)$" AND NOT entry IN_LIST patched_files)
      file(CREATE_LINK "${ADUAN_SQLITE_TREE}/${entry}" "${sqlite_tree}/${entry}" SYMBOLIC)
    endif()
  endforeach()
  set(amalgamation "${CMAKE_BINARY_DIR}/sqlite-amalgamation")
  # The options are the generator's input as much as the tree: a changed list makes it again.
  list(TRANSFORM sqlite_options PREPEND "-D" OUTPUT_VARIABLE sqlite_flags)
  file(CONFIGURE OUTPUT "${amalgamation}/options.txt" CONTENT "${sqlite_flags}\n")
  add_custom_command(OUTPUT "${amalgamation}/sqlite3.c" "${amalgamation}/sqlite3.h"
    COMMAND "${PROJECT_SOURCE_DIR}/tools/sqlite-amalgamation.sh" "${sqlite_tree}"
            "${amalgamation}" ${sqlite_flags}
    DEPENDS "${PROJECT_SOURCE_DIR}/tools/sqlite-amalgamation.sh" "${amalgamation}/options.txt"
            "${sqlite_tree}/src/parse.y" "${sqlite_tree}/src/alter.c" "${sqlite_tree}/src/func.c"
            "${sqlite_tree}/src/sqliteInt.h" "${sqlite_tree}/src/util.c" "${sqlite_tree}/src/vdbeaux.c"
            "${sqlite_tree}/tool/mkkeywordhash.c"
    COMMENT "Generating SQLite's amalgamation for the browser from its source tree"
    VERBATIM)
  # One amalgamation, compiled twice: the programs' SQLite has no platform layer of its own
  # (shell/device/sqlite_os_web.c says why), the WebAssembly tests' keeps the unix one, for the
  # files node gives them. The store links the headers; each program links its SQLite
  # (aduan_web_program, aduan_wasm_test_program).
  set(sqlite_include_dir "${amalgamation}")
  add_library(aduan_sqlite3 INTERFACE)
  target_include_directories(aduan_sqlite3 SYSTEM INTERFACE "${sqlite_include_dir}")
  add_library(aduan_sqlite3_browser STATIC "${amalgamation}/sqlite3.c"
                                           "${PROJECT_SOURCE_DIR}/shell/device/sqlite_os_web.c")
  target_compile_definitions(aduan_sqlite3_browser PRIVATE SQLITE_OS_OTHER=1)
  add_library(aduan_sqlite3_node STATIC "${amalgamation}/sqlite3.c")
  set(sqlite_libraries aduan_sqlite3_browser aduan_sqlite3_node)
else()
  aduan_third_party_dir(ADUAN_SQLITE_DIR sqlite "sqlite-3.50.4" sqlite3.c)
  set(sqlite_include_dir "${ADUAN_SQLITE_DIR}")
  add_library(aduan_sqlite3 STATIC "${ADUAN_SQLITE_DIR}/sqlite3.c")
  target_include_directories(aduan_sqlite3 SYSTEM PUBLIC "${sqlite_include_dir}")
  list(APPEND sqlite_options SQLITE_THREADSAFE=2)
  find_package(Threads REQUIRED)
  target_link_libraries(aduan_sqlite3 PUBLIC Threads::Threads ${CMAKE_DL_LIBS})
  set(sqlite_libraries aduan_sqlite3)
endif()
foreach(library ${sqlite_libraries})
  target_include_directories(${library} SYSTEM PRIVATE "${sqlite_include_dir}")
  target_compile_options(${library} PRIVATE -w)
  target_compile_definitions(${library} PRIVATE ${sqlite_options})
endforeach()

# cereal is header-only. Emscripten does not search /usr/include, so the build gets an include
# folder that holds cereal and nothing else.
find_path(ADUAN_CEREAL_PARENT cereal/cereal.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(cereal_only "${CMAKE_BINARY_DIR}/include-cereal")
file(MAKE_DIRECTORY "${cereal_only}")
file(CREATE_LINK "${ADUAN_CEREAL_PARENT}/cereal" "${cereal_only}/cereal" SYMBOLIC)
add_library(aduan_cereal INTERFACE)
target_include_directories(aduan_cereal SYSTEM INTERFACE "${cereal_only}")

# Nayuki's QR Code generator, its C library only (one file): the receipt's QR code, drawn by
# the portal (shell/ui/widgets_qr.cpp) and printed on the slip. Web build only, like ImGui.
if(EMSCRIPTEN)
  aduan_third_party_dir(ADUAN_QRCODEGEN_DIR qrcodegen "qrcodegen-1.8.0" c/qrcodegen.c)
  add_library(aduan_qrcodegen STATIC "${ADUAN_QRCODEGEN_DIR}/c/qrcodegen.c")
  target_include_directories(aduan_qrcodegen SYSTEM PUBLIC "${ADUAN_QRCODEGEN_DIR}/c")
  target_compile_options(aduan_qrcodegen PRIVATE -w)
endif()

# Dear ImGui: its own file, for the copies of its sources the web build compiles.
include(cmake/ImGui.cmake)

# Tests: GoogleTest from Debian. The native build links the packaged library; the web build
# compiles Debian's googletest sources with emcc.
if(EMSCRIPTEN)
  set(gtest_disable_pthreads ON CACHE BOOL "" FORCE)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL SYSTEM)
  # wasm-ld 14 crashes when googletest takes part in LTO with wasm exceptions; tests need no LTO.
  target_compile_options(gtest PRIVATE -fno-lto)
  target_compile_options(gtest_main PRIVATE -fno-lto)
  # The tests keep RTTI, which the programs leave out (cmake/Web.cmake); GoogleTest with them.
  target_compile_options(gtest PRIVATE -frtti)
  target_compile_options(gtest_main PRIVATE -frtti)
else()
  find_package(GTest REQUIRED)
endif()

# cpp-httplib (Debian's libcpp-httplib-dev): the server, the CLI and the server tests.
if(NOT EMSCRIPTEN)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(CPPHTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET GLOBAL libsodium)
endif()
