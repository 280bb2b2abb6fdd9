# Compiler warnings for Aduan's own targets. Third-party code is compiled with -w instead,
# so its warnings never hide ours and -Werror never fails on code we do not own.
function(aduan_project_target target)
  get_target_property(kind ${target} TYPE)
  if(kind STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
                                           -Wimplicit-fallthrough)
  if(ADUAN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
