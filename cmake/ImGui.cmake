# cmake/ImGui.cmake: how Dear ImGui is built (included by ThirdParty.cmake). Its own file
# because the first load's budget has the build compile changed copies of some of its files.
# Dear ImGui: only the web build draws with it. No demo window is compiled. The OpenGL ES 2
# renderer runs on WebGL1 and WebGL2 alike, so old phones get the same portal.
if(EMSCRIPTEN)
  aduan_third_party_dir(ADUAN_IMGUI_DIR imgui "imgui-1.90.1" imgui.cpp)
  # Two fallbacks of ImFontAtlas::Build would sit in the first load and never run: an atlas with
  # no font takes the built-in ProggyClean (12 KB of data, 9 KB brotli), and an atlas with no
  # builder takes stb_truetype (about 10 KB brotli of code). The portal always adds its fonts
  # and sets the browser's builder (shell/ui/font_atlas_web.cpp), so a copy of imgui_draw.cpp in
  # which both fail to build instead is compiled; a tree without those lines is used as is.
  set(imgui_draw "${ADUAN_IMGUI_DIR}/imgui_draw.cpp")
  file(READ "${imgui_draw}" draw_source)
  set(font_fallback "    if (ConfigData.Size == 0)\n        AddFontDefault();")
  set(builder_fallback "        builder_io = ImFontAtlasGetBuilderForStbTruetype();")
  string(FIND "${draw_source}" "${font_fallback}" fallback_at)
  string(FIND "${draw_source}" "${builder_fallback}" builder_at)
  if(fallback_at GREATER -1 AND builder_at GREATER -1)
    string(REPLACE "${font_fallback}" "    if (ConfigData.Size == 0)\n        return false;"
           draw_source "${draw_source}")
    string(REPLACE "${builder_fallback}" "        return false;" draw_source "${draw_source}")
    file(WRITE "${CMAKE_BINARY_DIR}/imgui/imgui_draw.cpp.new" "${draw_source}")
    file(COPY_FILE "${CMAKE_BINARY_DIR}/imgui/imgui_draw.cpp.new"
         "${CMAKE_BINARY_DIR}/imgui/imgui_draw.cpp" ONLY_IF_DIFFERENT)
    set(imgui_draw "${CMAKE_BINARY_DIR}/imgui/imgui_draw.cpp")
  endif()
  add_library(aduan_imgui STATIC
    "${ADUAN_IMGUI_DIR}/imgui.cpp" "${imgui_draw}"
    "${ADUAN_IMGUI_DIR}/imgui_tables.cpp" "${ADUAN_IMGUI_DIR}/imgui_widgets.cpp"
    "${ADUAN_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(aduan_imgui SYSTEM PUBLIC "${ADUAN_IMGUI_DIR}" "${ADUAN_IMGUI_DIR}/backends")
  target_compile_definitions(aduan_imgui PUBLIC IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_DEBUG_TOOLS
                                                IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                                IMGUI_IMPL_OPENGL_ES2)
  target_compile_options(aduan_imgui PRIVATE -w)
endif()
