# Cross builds for 64-bit Windows with Debian's MinGW-w64 cross compiler
# (apt-get install g++-mingw-w64-x86-64): the device runtime and neo-run,
#   cmake -S . -B build/device/x86_64-w64-mingw32 -DNEO_RUNTIME_ONLY=ON \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/x86_64-w64-mingw32.cmake
# (scripts/build_device_runtime.sh x86_64-w64-mingw32 does this). bin/ then holds
# neo-run.exe and libneo_runtime.dll, which need no MinGW DLL beside them.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(NEO_CROSS_TRIPLE x86_64-w64-mingw32)

set(CMAKE_C_COMPILER ${NEO_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${NEO_CROSS_TRIPLE}-g++)
set(CMAKE_RC_COMPILER ${NEO_CROSS_TRIPLE}-windres)

# Headers and libraries come from the target's root only; programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${NEO_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Lets CMake (and ctest) run what it built under Wine.
set(CMAKE_CROSSCOMPILING_EMULATOR wine)
