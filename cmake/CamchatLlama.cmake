# llama.cpp + libmtmd for the CPU backend.
# A system llama.cpp with mtmd (find_package(llama CONFIG)) is used first; otherwise the
# pinned build that scripts/bootstrap (scripts/build-llama) leaves in the user's cache.
# Provides the targets llama and camchat::mtmd.

file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/llama.pin" _camchat_pin_commit REGEX "^commit=")
string(REGEX REPLACE "^commit=" "" CAMCHAT_LLAMA_COMMIT "${_camchat_pin_commit}")
string(SUBSTRING "${CAMCHAT_LLAMA_COMMIT}" 0 12 _camchat_llama_short)
if(NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    set(_camchat_cache "$ENV{XDG_CACHE_HOME}")
else()
    set(_camchat_cache "$ENV{HOME}/.cache")
endif()
# The arm64 cross build (cross-arm64 preset) has its own prefix: scripts/build-llama --arch arm64.
set(_camchat_llama_suffix "")
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR STREQUAL "aarch64")
    set(_camchat_llama_suffix "-arm64")
endif()
set(CAMCHAT_LLAMA_PREFIX "${_camchat_cache}/camchat/llama-${_camchat_llama_short}${_camchat_llama_suffix}"
    CACHE PATH "Prefix of the pinned llama.cpp build (made by scripts/build-llama)")

function(_camchat_find_mtmd hint)
    find_path(MTMD_INCLUDE_DIR mtmd.h HINTS "${hint}/include" ${ARGN})
    find_library(MTMD_LIBRARY mtmd HINTS "${hint}/lib" ${ARGN})
endfunction()

find_package(llama CONFIG QUIET)
if(llama_FOUND)
    get_filename_component(_camchat_llama_root "${llama_DIR}/../../.." ABSOLUTE)
    _camchat_find_mtmd("${_camchat_llama_root}")
endif()
if(NOT llama_FOUND OR NOT MTMD_INCLUDE_DIR OR NOT MTMD_LIBRARY)
    unset(MTMD_INCLUDE_DIR CACHE)
    unset(MTMD_LIBRARY CACHE)
    find_package(llama CONFIG QUIET PATHS "${CAMCHAT_LLAMA_PREFIX}" NO_DEFAULT_PATH)
    _camchat_find_mtmd("${CAMCHAT_LLAMA_PREFIX}" NO_DEFAULT_PATH)
endif()
if(NOT llama_FOUND OR NOT MTMD_INCLUDE_DIR OR NOT MTMD_LIBRARY)
    message(FATAL_ERROR
        "llama.cpp with libmtmd not found (looked for a system package and in "
        "${CAMCHAT_LLAMA_PREFIX}). Run scripts/bootstrap, which builds the pinned "
        "llama.cpp once into that cache prefix (scripts/build-llama --arch arm64 for the "
        "cross-arm64 preset).")
endif()
message(STATUS "llama.cpp: ${llama_DIR}; mtmd: ${MTMD_LIBRARY}")

add_library(camchat::mtmd SHARED IMPORTED)
set_target_properties(camchat::mtmd PROPERTIES
    IMPORTED_LOCATION "${MTMD_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MTMD_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES llama)

# The libraries live outside the system paths: the build tree gets an RPATH from CMake,
# the installed binary keeps the directories it was linked against.
set(CMAKE_INSTALL_RPATH_USE_LINK_PATH ON)

get_filename_component(_camchat_llama_bin "${MTMD_LIBRARY}" DIRECTORY)
get_filename_component(CAMCHAT_LLAMA_TOOLS_DIR "${_camchat_llama_bin}/../bin" ABSOLUTE)
