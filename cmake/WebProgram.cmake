# aduan_web_program(target output_dir output_name): how each of the portal's WebAssembly programs
# is linked. The portal is three programs, each built on its own (not Emscripten's dynamic
# linking: side modules need eval, which the Content-Security-Policy forbids, and would keep
# the main program's exports alive): the citizen's (shell/portal), the kiosk's (the citizen's
# screens with kiosk mode, shell/portal/kiosk_main.cpp) and the officers' console with the
# dashboard (shell/console). All run the same browser loop (shell/ui/platform_web.cpp) and the
# same device glue, so they share one link recipe, here.
function(aduan_web_program target output_dir output_name)
  aduan_project_target(${target})
  target_link_libraries(${target} PRIVATE aduan_sqlite3_browser)  # no platform layer of its own
  # Linked outside dist/; make-dist copies it into dist/ under content-hashed names.
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${output_name} SUFFIX ".js"
                                             RUNTIME_OUTPUT_DIRECTORY "${output_dir}")
  target_link_options(${target} PRIVATE -sMAX_WEBGL_VERSION=2 -sMIN_WEBGL_VERSION=1
                      -sENVIRONMENT=web -sEXIT_RUNTIME=0 -sFILESYSTEM=0 -sTEXTDECODER=2
                      -sINITIAL_MEMORY=33554432
                      # Smaller runtime: nothing calls setjmp or reads errno set by JS, and the
                      # heap is one long-lived arena (emmalloc is ~5 KB smaller than dlmalloc).
                      -sMALLOC=emmalloc -sSUPPORT_LONGJMP=0 -sSUPPORT_ERRNO=0
                      # WebGL extensions are enabled one by one (platform_web.cpp), not all;
                      # nothing reads glGetError, and no request needs a user's gesture.
                      -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0
                      -sGL_SUPPORT_SIMPLE_ENABLE_EXTENSIONS=0 -sGL_TRACK_ERRORS=0
                      -sGL_POOL_TEMP_BUFFERS=0 -sHTML5_SUPPORT_DEFERRING_USER_SENSITIVE_REQUESTS=0
                      # The runtime reads only what web/boot.js gives it, and never evaluates
                      # code (the Content-Security-Policy would refuse it).
                      -sINCOMING_MODULE_JS_API=[canvas,setStatus,printErr,locateFile,instantiateWasm]
                      -sDYNAMIC_EXECUTION=0)

  # A second binaryen pass run to a fixed point finds ~2 KB (brotli) more than em++'s single -Oz
  # run. Only the features the program already uses are enabled, so old browsers still load it.
  find_program(ADUAN_WASM_OPT wasm-opt)
  if(ADUAN_WASM_OPT)
    add_custom_command(TARGET ${target} POST_BUILD
      COMMAND "${ADUAN_WASM_OPT}" --enable-exception-handling --enable-mutable-globals
              --enable-sign-ext -Oz --converge "${output_dir}/${output_name}.wasm"
              -o "${output_dir}/${output_name}.wasm"
      VERBATIM)
  endif()

  # The device layer's browser glue is linked into the program (see the head of web/storage.js),
  # and the JSON reader's number conversion (web/numbers.js); a program keeps only the
  # functions its code calls.
  set(device_js "${PROJECT_SOURCE_DIR}/web/storage.js" "${PROJECT_SOURCE_DIR}/web/device.js"
                "${PROJECT_SOURCE_DIR}/web/evidence.js" "${PROJECT_SOURCE_DIR}/web/receipt.js"
                "${PROJECT_SOURCE_DIR}/web/numbers.js")
  foreach(js ${device_js})
    target_link_options(${target} PRIVATE "SHELL:--js-library ${js}")
  endforeach()
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${device_js})
endfunction()
