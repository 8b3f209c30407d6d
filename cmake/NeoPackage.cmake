# Installs neo's CMake package (lib/cmake/neo): the exported targets, neoConfig.cmake with
# its version file, and the plugin helpers (NeoPlugin.cmake, the plugins' version script).
include(CMakePackageConfigHelpers)
file(STRINGS ${PROJECT_SOURCE_DIR}/sdk/include/neo/sdk/plugin_abi.h _abi_line
     REGEX "^#define NEO_PLUGIN_ABI_VERSION [0-9]+u?$")
string(REGEX MATCH "[0-9]+" NEO_PLUGIN_ABI_VERSION "${_abi_line}")
set(_dir lib/cmake/neo)
install(EXPORT neo_targets NAMESPACE neo:: FILE neoTargets.cmake DESTINATION ${_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/neoConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/neoConfig.cmake INSTALL_DESTINATION ${_dir})
# Before 1.0 a minor version may change the plugin ABI.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/neoConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/neoConfig.cmake ${CMAKE_BINARY_DIR}/cmake/neoConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/NeoPlugin.cmake ${CMAKE_CURRENT_LIST_DIR}/neo_plugin.map
        DESTINATION ${_dir})
