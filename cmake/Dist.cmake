# dist/: everything the browser downloads, ready for aduan-server (or any static host) to
# serve as it is: the program, web/ glue, the subset font, catalogs, and a precompressed .br
# and .gz beside every file. tools/make-dist.sh does the work; this only says when.
function(aduan_dist program dist_dir)
  file(GLOB_RECURSE inputs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/web/*"
       "${PROJECT_SOURCE_DIR}/assets/*")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/dist.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND bash "${PROJECT_SOURCE_DIR}/tools/make-dist.sh" "${PROJECT_SOURCE_DIR}" "${dist_dir}"
            "$<TARGET_FILE_DIR:${program}>"
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${program} ${inputs} "${PROJECT_SOURCE_DIR}/tools/make-dist.sh"
    COMMENT "Gathering dist/ (font subset, precompression)"
    VERBATIM)
  add_custom_target(aduan_dist ALL DEPENDS "${stamp}")
endfunction()
