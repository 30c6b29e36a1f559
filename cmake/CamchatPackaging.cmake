# What `cmake --install` and the Debian package (CPack, `cpack -G DEB` in a build tree) hold:
#   bin/camchat
#   lib/camchat/        the private copy of the pinned llama.cpp's libraries (when camchat was
#                       linked against the pinned build, not a system llama.cpp), found
#                       through camchat's RUNPATH $ORIGIN/../lib/camchat and, between
#                       themselves, their own RUNPATH $ORIGIN: no LD_LIBRARY_PATH, no
#                       dependence on the build machine's cache
#   share/...           desktop file, icon, metainfo, kiosk user unit (resources/)
#   share/doc/camchat/  copyright and changelog
# The package's Depends: comes from dpkg-shlibdeps. docs/packaging.md has the details.

set(CAMCHAT_PRIVATE_LIBDIR "lib/camchat")

# The pinned llama.cpp (scripts/build-llama's prefix) is shipped with camchat; a system
# llama.cpp is a dependency like any other library.
cmake_path(IS_PREFIX CAMCHAT_LLAMA_PREFIX "${MTMD_LIBRARY}" NORMALIZE CAMCHAT_SHIP_LLAMA)
if(CAMCHAT_SHIP_LLAMA)
    get_filename_component(_camchat_llama_libdir "${MTMD_LIBRARY}" DIRECTORY)
    # The runtime libraries only: soname links and the files they name (no .so dev links,
    # no tool libraries).
    file(GLOB _camchat_llama_libs
        "${_camchat_llama_libdir}/libllama.so.*" "${_camchat_llama_libdir}/libmtmd.so.*"
        "${_camchat_llama_libdir}/libggml.so.*" "${_camchat_llama_libdir}/libggml-base.so.*"
        "${_camchat_llama_libdir}/libggml-cpu.so.*")
    install(FILES ${_camchat_llama_libs} DESTINATION "${CAMCHAT_PRIVATE_LIBDIR}")
    # scripts/build-llama gave them RUNPATH $ORIGIN/../lib (its prefix's layout): here they
    # find each other beside themselves.
    set(_camchat_real_libs)
    foreach(lib IN LISTS _camchat_llama_libs)
        if(NOT IS_SYMLINK "${lib}")
            get_filename_component(name "${lib}" NAME)
            list(APPEND _camchat_real_libs "${name}")
        endif()
    endforeach()
    install(CODE "
        foreach(name ${_camchat_real_libs})
            set(lib \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CAMCHAT_PRIVATE_LIBDIR}/\${name}\")
            file(RPATH_CHANGE FILE \"\${lib}\" OLD_RPATH \"\\\$ORIGIN/../lib\" NEW_RPATH \"\\\$ORIGIN\")
            # install(FILES) is not stripped by CPACK_STRIP_FILES / --strip: do it here.
            if(CMAKE_INSTALL_DO_STRIP)
                execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded
                    --remove-section=.comment --remove-section=.note \"\${lib}\"
                    COMMAND_ERROR_IS_FATAL ANY)
            endif()
        endforeach()
    ")
    set_target_properties(camchat PROPERTIES
        INSTALL_RPATH "$ORIGIN/../${CAMCHAT_PRIVATE_LIBDIR}"
        INSTALL_RPATH_USE_LINK_PATH OFF)
endif()

install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DOCDIR}" RENAME copyright)
# Debian wants the changelog compressed, without a timestamp in the gzip header.
set(_camchat_changelog "${PROJECT_BINARY_DIR}/changelog")
configure_file("${PROJECT_SOURCE_DIR}/resources/changelog.in" "${_camchat_changelog}" @ONLY)
find_program(GZIP_EXECUTABLE gzip REQUIRED)
execute_process(COMMAND "${GZIP_EXECUTABLE}" -9nc "${_camchat_changelog}"
    OUTPUT_FILE "${_camchat_changelog}.gz" COMMAND_ERROR_IS_FATAL ANY)
install(FILES "${_camchat_changelog}.gz" DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# CPack: one Debian package, camchat_<version>_<arch>.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME camchat)
set(CPACK_PACKAGE_VENDOR "The camchat developers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CAMCHAT_PACKAGE_MAINTAINER "The camchat developers <camchat@users.noreply.github.com>"
    CACHE STRING "The Maintainer: field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CAMCHAT_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "camchat shows a live camera or HDMI-input preview, lets you snap a frame,
load or paste an image, or grab the screen, and asks a vision-language model
about it. Answers stream in token by token, with the latency of every stage
on screen. Models run on the CPU (a private copy of llama.cpp), on the
RK3588's NPU (Rockchip's runtime, installed separately) or on an
OpenAI-compatible server. It also runs as an unattended caption kiosk
(a systemd user unit).")
# Depends: from dpkg-shlibdeps; the private llama.cpp libraries are looked up in the package.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${CAMCHAT_PRIVATE_LIBDIR}")
# Loaded at run time, so dpkg-shlibdeps cannot see them: more image formats, Qt's own
# translations.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-image-formats-plugins, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR STREQUAL "aarch64")
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)
endif()
include(CPack)
