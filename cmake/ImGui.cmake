# cmake/ImGui.cmake: how Dear ImGui is built (included by ThirdParty.cmake). Its own file
# because the first load's budget has the build compile changed copies of some of its files.
#
# Only the web build draws with ImGui. No demo window or debug tool is compiled. The OpenGL ES 2
# renderer runs on WebGL1 and WebGL2 alike, so old phones get the same portal.
#
# aduan_imgui_copy(out file FROM TO [FROM TO]...): `out` is the path to compile for the tree's
# `file`: a copy in the build folder with each FROM replaced by its TO, or the tree's own file
# when any FROM is missing (another ImGui release: it still builds, only larger), so that a
# change never applies by halves.
function(aduan_imgui_copy out file)
  set(path "${ADUAN_IMGUI_DIR}/${file}")
  file(READ "${path}" source)
  aduan_replace_each(source replaced ${ARGN})  # cmake/ThirdParty.cmake
  if(NOT replaced)
    message(STATUS "ImGui: ${file} is not as expected; compiled unchanged")
    set(${out} "${path}" PARENT_SCOPE)
    return()
  endif()
  set(copy "${CMAKE_BINARY_DIR}/imgui/${file}")
  file(WRITE "${copy}.new" "${source}")
  file(COPY_FILE "${copy}.new" "${copy}" ONLY_IF_DIFFERENT)
  set(${out} "${copy}" PARENT_SCOPE)
endfunction()

if(EMSCRIPTEN)
  aduan_third_party_dir(ADUAN_IMGUI_DIR imgui "imgui-1.90.1" imgui.cpp)

  # Two fallbacks of ImFontAtlas::Build would sit in the first load and never run: an atlas with
  # no font takes the built-in ProggyClean (12 KB of data, 9 KB brotli), and an atlas with no
  # builder takes stb_truetype (about 10 KB brotli of code). The portal always adds its fonts
  # and sets the browser's builder (shell/ui/font_atlas_web.cpp), so both fail to build instead.
  aduan_imgui_copy(imgui_draw imgui_draw.cpp
    "    if (ConfigData.Size == 0)\n        AddFontDefault()"
    "    if (ConfigData.Size == 0)\n        return false"
    "        builder_io = ImFontAtlasGetBuilderForStbTruetype()"
    "        return false")

  # The C library's sscanf and the long-double scanner under it (about 8 KB brotli with
  # strtod's) are wanted by two things only. The .ini handlers of windows and tables: the portal
  # keeps no .ini (io.IniFilename is null, platform_web.cpp), so they are not registered. And
  # the renderer reading the number out of its own "#version NNN" line, which atoi does.
  aduan_imgui_copy(imgui_core imgui.cpp
    "        AddSettingsHandler(&ini_handler)" "        IM_UNUSED(ini_handler)"
    "    TableSettingsAddSettingsHandler()" "    (void)0")
  aduan_imgui_copy(imgui_renderer backends/imgui_impl_opengl3.cpp
    "#include <stdio.h>\n" "#include <stdio.h>\n#include <stdlib.h>\n"
    "    sscanf(bd->GlslVersionString, \"#version %d\", &glsl_version)"
    "    glsl_version = atoi(bd->GlslVersionString + sizeof(\"#version\"))")

  add_library(aduan_imgui STATIC
    "${imgui_core}" "${imgui_draw}"
    "${ADUAN_IMGUI_DIR}/imgui_tables.cpp" "${ADUAN_IMGUI_DIR}/imgui_widgets.cpp"
    "${imgui_renderer}")
  target_include_directories(aduan_imgui SYSTEM PUBLIC "${ADUAN_IMGUI_DIR}" "${ADUAN_IMGUI_DIR}/backends")
  target_compile_definitions(aduan_imgui PUBLIC IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_DEBUG_TOOLS
                                                IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                                IMGUI_IMPL_OPENGL_ES2)
  target_compile_options(aduan_imgui PRIVATE -w)
endif()
