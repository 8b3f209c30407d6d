# Building neo plugins and device libraries, in neo's own tree and, installed with the SDK
# (lib/cmake/neo, included by find_package(neo CONFIG)), in a vendor's project.
#
# neo_add_plugin(<name> SOURCES <src>... [LIBRARIES <lib>...] [OUTPUT_DIRECTORY <dir>])
#
# Builds a neo plugin: a MODULE library with hidden visibility whose only exported
# symbol is the factory neo_plugin_descriptor (a linker version script hides even the
# C++ library's weak symbols), named libneo_<name>.so, written to the plugin directory
# of the build (${NEO_PLUGIN_OUTPUT_DIRECTORY}) and installed to lib/neo/plugins of the
# install prefix: install into neo's own prefix and the installed tools load it with no
# environment variable. With OUTPUT_DIRECTORY (test fixtures) it goes there instead and
# is not installed. Plugins link the plugin SDK and core; nothing links a plugin.
#
# neo_add_device_library(<name> TRIPLE <gnu triple> SOURCES <c file>... [C_FLAGS <flag>...]
#                        [INSTALL_DIR <dir>])
#
# Compiles C sources for a device with the GNU cross compiler <triple>-gcc (e.g.
# aarch64-linux-gnu-gcc) into the static archive lib<name>.a, position independent, for a
# target plugin to link into the model.so it builds (neo/sdk/cpu_codegen.hpp,
# Options::link_inputs). The variable <name>_FILE holds the archive's path in the build
# tree; it is installed to INSTALL_DIR (default lib/neo/plugins/<name>/<triple>).
# Sources see neo's runtime headers (neo/runtime/offload.h). Without the cross compiler
# the library is skipped with a warning and <name>_FILE is left empty.
set(NEO_PLUGIN_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/neo_plugin.map)
if(NOT DEFINED NEO_PLUGIN_OUTPUT_DIRECTORY)
  set(NEO_PLUGIN_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib/neo/plugins)
endif()
# Where neo's libraries are at build time (a vendor's build: the SDK's lib directory).
if(NOT DEFINED NEO_LIBRARY_DIR)
  set(NEO_LIBRARY_DIR ${CMAKE_BINARY_DIR}/lib)
endif()

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
    BUILD_RPATH "$ORIGIN/../..;${NEO_LIBRARY_DIR}"
    INSTALL_RPATH "$ORIGIN/../..")
  target_link_libraries(${target} PRIVATE neo::sdk neo::core ${P_LIBRARIES} ${CMAKE_DL_LIBS})
  target_link_options(${target} PRIVATE -Wl,--no-undefined
                      "LINKER:--version-script=${NEO_PLUGIN_VERSION_SCRIPT}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${NEO_PLUGIN_VERSION_SCRIPT})
  if(COMMAND neo_set_warnings)
    neo_set_warnings(${target})
  endif()
  if(install_it)
    install(TARGETS ${target} LIBRARY DESTINATION lib/neo/plugins)
  endif()
endfunction()

function(neo_add_device_library name)
  cmake_parse_arguments(D "" "TRIPLE;INSTALL_DIR" "SOURCES;C_FLAGS" ${ARGN})
  if(NOT D_TRIPLE OR NOT D_SOURCES)
    message(FATAL_ERROR "neo_add_device_library(${name}): TRIPLE and SOURCES are required")
  endif()
  set(${name}_FILE "" PARENT_SCOPE)
  find_program(NEO_DEVICE_CC_${D_TRIPLE} ${D_TRIPLE}-gcc)
  find_program(NEO_DEVICE_AR_${D_TRIPLE} ${D_TRIPLE}-ar)
  if(NOT NEO_DEVICE_CC_${D_TRIPLE} OR NOT NEO_DEVICE_AR_${D_TRIPLE})
    message(WARNING "${name} not built: ${D_TRIPLE}-gcc not found (apt-get install gcc-${D_TRIPLE})")
    return()
  endif()
  if(NOT D_INSTALL_DIR)
    set(D_INSTALL_DIR lib/neo/plugins/${name}/${D_TRIPLE})
  endif()
  get_target_property(includes neo::runtime INTERFACE_INCLUDE_DIRECTORIES)
  set(include_flags)
  foreach(dir ${includes})
    string(REGEX REPLACE "^\\$<BUILD_INTERFACE:(.*)>$" "\\1" dir "${dir}")
    if(NOT dir MATCHES "^\\$<")
      list(APPEND include_flags -I${dir})
    endif()
  endforeach()
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/device/${D_TRIPLE})
  set(objects)
  foreach(src ${D_SOURCES})
    get_filename_component(src_abs ${src} ABSOLUTE)
    get_filename_component(stem ${src} NAME_WE)
    set(obj ${out_dir}/${name}_${stem}.o)
    add_custom_command(OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
      COMMAND ${NEO_DEVICE_CC_${D_TRIPLE}} -std=c11 -O2 -fPIC -fvisibility=hidden
              -ffunction-sections -fdata-sections ${D_C_FLAGS} ${include_flags} -c ${src_abs} -o ${obj}
      DEPENDS ${src_abs}
      COMMENT "Compiling ${src} for ${D_TRIPLE}"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  set(archive ${out_dir}/lib${name}.a)
  add_custom_command(OUTPUT ${archive}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${archive}
    COMMAND ${NEO_DEVICE_AR_${D_TRIPLE}} rcsD ${archive} ${objects}
    DEPENDS ${objects}
    COMMENT "Archiving lib${name}.a for ${D_TRIPLE}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${archive})
  install(FILES ${archive} DESTINATION ${D_INSTALL_DIR})
  set(${name}_FILE ${archive} PARENT_SCOPE)
endfunction()
