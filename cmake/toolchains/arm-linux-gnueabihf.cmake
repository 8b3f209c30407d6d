# Cross builds for 32-bit ARM Linux, hard-float ABI (ARMv7-A with NEON: Raspberry Pi 2/3
# with a 32-bit OS, Cortex-A7/A9/A17 boards), with Debian's cross compiler
# (apt-get install g++-arm-linux-gnueabihf): the device runtime and neo-run,
#   cmake -S . -B build/device/arm-linux-gnueabihf -DNEO_RUNTIME_ONLY=ON \
#         -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-linux-gnueabihf.cmake
# (scripts/build_device_runtime.sh arm-linux-gnueabihf does this).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7-a)
set(NEO_CROSS_TRIPLE arm-linux-gnueabihf)

set(CMAKE_C_COMPILER ${NEO_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${NEO_CROSS_TRIPLE}-g++)
set(CMAKE_C_FLAGS_INIT "-march=armv7-a -mfpu=neon -mfloat-abi=hard")
set(CMAKE_CXX_FLAGS_INIT "-march=armv7-a -mfpu=neon -mfloat-abi=hard")

# Headers and libraries come from the target's root only; programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${NEO_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Lets CMake (and ctest) run what it built under qemu-user.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm -L /usr/${NEO_CROSS_TRIPLE})
