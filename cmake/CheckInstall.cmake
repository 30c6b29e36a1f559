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
        share/icons/hicolor/scalable/apps/io.github.camchat.camchat.svg
        share/systemd/user/camchat-kiosk.service)
    if(NOT EXISTS "${PREFIX}/${f}")
        message(FATAL_ERROR "missing after install: ${f}")
    endif()
endforeach()

# The pinned llama.cpp's libraries come along, and the installed binary finds them by
# its RUNPATH alone (no LD_LIBRARY_PATH, nothing from the build machine's cache).
if(SHIP_LLAMA)
    foreach(lib libllama.so.0 libmtmd.so.0 libggml.so.0 libggml-base.so.0 libggml-cpu.so.0)
        if(NOT EXISTS "${PREFIX}/lib/camchat/${lib}")
            message(FATAL_ERROR "missing after install: lib/camchat/${lib}")
        endif()
    endforeach()
    execute_process(COMMAND "${CMAKE_COMMAND}" -E env --unset=LD_LIBRARY_PATH QT_QPA_PLATFORM=offscreen
            "${PREFIX}/bin/camchat" --version
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0 OR NOT out MATCHES "camchat [0-9]")
        message(FATAL_ERROR "the installed camchat --version failed (${rc}):\n${out}")
    endif()
    file(READ_ELF "${PREFIX}/bin/camchat" RUNPATH runpath)
    if(NOT runpath STREQUAL "\$ORIGIN/../lib/camchat")
        message(FATAL_ERROR "bin/camchat: RUNPATH is '${runpath}', expected $ORIGIN/../lib/camchat")
    endif()
endif()

# The kiosk unit starts the binary just installed, and systemd accepts it.
set(unit "${PREFIX}/share/systemd/user/camchat-kiosk.service")
file(STRINGS "${unit}" exec REGEX "^ExecStart=")
string(FIND "${exec}" "ExecStart=${PREFIX}/bin/camchat --kiosk" at)
if(NOT at EQUAL 0)
    message(FATAL_ERROR "camchat-kiosk.service: unexpected ${exec}")
endif()
find_program(SYSTEMD_ANALYZE systemd-analyze)
if(SYSTEMD_ANALYZE)
    # `verify` checks the syntax, the directives and that ExecStart is executable. As
    # system units it needs no user manager (none runs in CI containers).
    execute_process(COMMAND "${SYSTEMD_ANALYZE}" verify "${unit}"
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0 OR out MATCHES "camchat-kiosk")
        message(FATAL_ERROR "systemd-analyze verify camchat-kiosk.service failed (${rc}):\n${out}")
    endif()
endif()
message(STATUS "install layout ok under ${PREFIX}")
