# neo_add_plugin(<name> SOURCES <src>... [LIBRARIES <lib>...] [OUTPUT_DIRECTORY <dir>])
#
# Builds a neo plugin: a MODULE library with hidden visibility whose only exported
# symbol is the factory neo_plugin_descriptor (a linker version script hides even the
# C++ library's weak symbols), named libneo_<name>.so, written to build/lib/neo/plugins
# and installed to lib/neo/plugins. With OUTPUT_DIRECTORY (test fixtures) it goes
# there instead and is not installed. Plugins link the plugin SDK and core; nothing
# links a plugin.
set(NEO_PLUGIN_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/neo_plugin.map)
function(neo_add_plugin name)
  cmake_parse_arguments(P "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT P_SOURCES)
    message(FATAL_ERROR "neo_add_plugin(${name}): SOURCES is required")
  endif()
  set(install_it ON)
  if(P_OUTPUT_DIRECTORY)
    set(install_it OFF)
  else()
    set(P_OUTPUT_DIRECTORY ${NEO_PLUGIN_OUTPUT_DIRECTORY})
  endif()
  set(target neo_plugin_${name})
  add_library(${target} MODULE ${P_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME neo_${name}
    PREFIX lib
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIRECTORY}
    BUILD_RPATH "$ORIGIN/../..;${CMAKE_BINARY_DIR}/lib"
    INSTALL_RPATH "$ORIGIN/../..")
  target_link_libraries(${target} PRIVATE neo::sdk neo::core ${P_LIBRARIES})
  target_link_options(${target} PRIVATE -Wl,--no-undefined
                      "LINKER:--version-script=${NEO_PLUGIN_VERSION_SCRIPT}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${NEO_PLUGIN_VERSION_SCRIPT})
  neo_set_warnings(${target})
  if(install_it)
    install(TARGETS ${target} LIBRARY DESTINATION lib/neo/plugins)
  endif()
endfunction()
