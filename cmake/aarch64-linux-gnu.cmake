# Cross-compiling for arm64 (the RK3588 boards) on a Debian x86-64 machine with multiarch:
#   dpkg --add-architecture arm64; crossbuild-essential-arm64; the :arm64 -dev packages;
#   qemu-user-static to run the results (scripts/bootstrap installs all of it).
# The :arm64 libraries live in /usr/lib/aarch64-linux-gnu beside the host's, their headers in
# /usr/include (Multi-Arch: same), so there is no separate sysroot. Used by the cross-arm64
# preset and by `scripts/build-llama --arch arm64`.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# CMAKE_LIBRARY_ARCHITECTURE makes find_library and find_package search the arm64
# multiarch directories (/usr/lib/aarch64-linux-gnu), never the host's.

# pkg-config reads the arm64 .pc files only (pkg_check_modules runs at configure time).
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
unset(ENV{PKG_CONFIG_PATH})

# The Qt tools (moc, rcc, uic, lrelease) are the host's.
set(QT_HOST_PATH /usr CACHE PATH "Prefix of the host's Qt 6")
set(QT_HOST_PATH_CMAKE_DIR /usr/lib/x86_64-linux-gnu/cmake CACHE PATH "CMake packages of the host's Qt 6")

# ctest and build-time commands run arm64 programs under user-mode emulation. The arm64
# loader and libraries are installed natively (libc6:arm64), so no -L root is needed.
find_program(CAMCHAT_QEMU_AARCH64 qemu-aarch64-static)
if(CAMCHAT_QEMU_AARCH64)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${CAMCHAT_QEMU_AARCH64}")
endif()
