# Run with: cmake -DBUILD_DIR=... -DPREFIX=... -P CheckInstall.cmake
# Installs into a scratch prefix and checks that everything lands in the XDG places.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
foreach(f
        bin/camchat
        share/applications/io.github.camchat.camchat.desktop
        share/metainfo/io.github.camchat.camchat.metainfo.xml
        share/icons/hicolor/scalable/apps/io.github.camchat.camchat.svg)
    if(NOT EXISTS "${PREFIX}/${f}")
        message(FATAL_ERROR "missing after install: ${f}")
    endif()
endforeach()
message(STATUS "install layout ok under ${PREFIX}")
