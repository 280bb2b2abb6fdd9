# dist/: everything the browser downloads, ready for aduan-server (or any static host) to
# serve as it is: the four programs (the citizen's, the console's, the kiosk's, the village
# official's), web/ glue, the
# subset font, catalogs, and a precompressed .br and .gz beside every file. tools/make-dist.sh
# does the work; this only says when.
function(aduan_dist program console_program kiosk_program official_program dist_dir)
  file(GLOB_RECURSE inputs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/web/*"
       "${PROJECT_SOURCE_DIR}/assets/*")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/dist.stamp")
  # The deployment's SMS number is written into the page; a file that changes only when the
  # number does makes a new number rebuild dist/ and an unchanged one cost nothing.
  set(ADUAN_SMS_NUMBER "" CACHE STRING "SMS number the page shows to phones without data")
  set(sms_file "${CMAKE_CURRENT_BINARY_DIR}/sms-number.txt")
  file(CONFIGURE OUTPUT "${sms_file}" CONTENT "${ADUAN_SMS_NUMBER}")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND ${CMAKE_COMMAND} -E env "ADUAN_SMS_NUMBER=${ADUAN_SMS_NUMBER}"
            bash "${PROJECT_SOURCE_DIR}/tools/make-dist.sh" "${PROJECT_SOURCE_DIR}" "${dist_dir}"
            "$<TARGET_FILE_DIR:${program}>" "$<TARGET_FILE_DIR:${console_program}>"
            "$<TARGET_FILE_DIR:${kiosk_program}>" "$<TARGET_FILE_DIR:${official_program}>"
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${program} ${console_program} ${kiosk_program} ${official_program} ${inputs}
            "${PROJECT_SOURCE_DIR}/tools/make-dist.sh" "${sms_file}"
    COMMENT "Gathering dist/ (font subset, precompression)"
    VERBATIM)
  add_custom_target(aduan_dist ALL DEPENDS "${stamp}")
  # `cmake --install build/web --prefix P` puts dist/ where deploy/systemd/aduan-server.service
  # expects it (P/share/aduan/dist, the catalog inside at assets/catalog).
  install(DIRECTORY "${dist_dir}/" DESTINATION share/aduan/dist)
endfunction()
