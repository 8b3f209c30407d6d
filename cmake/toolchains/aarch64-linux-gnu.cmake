# Cross builds for 64-bit ARM Linux with Debian's cross compiler
# (apt-get install g++-aarch64-linux-gnu): the device runtime and neo-run,
#   cmake -S . -B build/device/aarch64-linux-gnu -DNEO_RUNTIME_ONLY=ON \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
# (scripts/build_device_runtime.sh aarch64-linux-gnu does this).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(NEO_CROSS_TRIPLE aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${NEO_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${NEO_CROSS_TRIPLE}-g++)

# Headers and libraries come from the target's root only; programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${NEO_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Lets CMake (and ctest) run what it built under qemu-user.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/${NEO_CROSS_TRIPLE})
