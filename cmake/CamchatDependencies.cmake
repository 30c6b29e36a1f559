# System libraries without CMake packages of their own on Debian bookworm.
find_package(PkgConfig REQUIRED)

# TurboJPEG (libturbojpeg0-dev ships libturbojpeg.pc).
pkg_check_modules(TurboJPEG REQUIRED IMPORTED_TARGET libturbojpeg)

# libyuv (libyuv-dev has no pkg-config file: find header and library directly).
find_path(LIBYUV_INCLUDE_DIR libyuv.h REQUIRED)
find_library(LIBYUV_LIBRARY yuv REQUIRED)
add_library(camchat::yuv UNKNOWN IMPORTED)
set_target_properties(camchat::yuv PROPERTIES
    IMPORTED_LOCATION "${LIBYUV_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LIBYUV_INCLUDE_DIR}")

# libdrm: only drm_fourcc.h is used, for the Frame pixel-format codes.
pkg_check_modules(LibDrm REQUIRED libdrm)
add_library(camchat::drm_headers INTERFACE IMPORTED)
set_target_properties(camchat::drm_headers PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${LibDrm_INCLUDE_DIRS}")
