# Configure-time guard for the layering (docs/architecture.md): the arrows point one way.
# capture/, inference/ and session/ must never reach Qt Widgets; inference/ must never
# reach Qt Gui; no benchmark links the ui library. Only inference/llama/ includes
# llama.cpp's headers (llama, ggml, gguf, mtmd) and only inference/rk/ the Rockchip
# runtime declarations, directly or through one of those folders' own headers.

function(_camchat_collect_links target out_var)
    set(seen ${${out_var}})
    if(NOT TARGET "${target}" OR "${target}" IN_LIST seen)
        return()
    endif()
    list(APPEND seen "${target}")
    get_target_property(aliased "${target}" ALIASED_TARGET)
    if(aliased)
        list(APPEND seen "${aliased}")
        set(target "${aliased}")
    endif()
    set(links)
    get_target_property(type "${target}" TYPE)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
        get_target_property(direct "${target}" LINK_LIBRARIES)
        if(direct)
            list(APPEND links ${direct})
        endif()
    endif()
    get_target_property(iface "${target}" INTERFACE_LINK_LIBRARIES)
    if(iface)
        list(APPEND links ${iface})
    endif()
    foreach(dep IN LISTS links)
        # Strip generator expressions such as $<LINK_ONLY:X>.
        string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
        if(dep MATCHES "^\\$<")
            continue()
        endif()
        _camchat_collect_links("${dep}" seen)
    endforeach()
    set(${out_var} ${seen} PARENT_SCOPE)
endfunction()

function(_camchat_forbid target)
    set(all)
    _camchat_collect_links(${target} all)
    foreach(forbidden IN LISTS ARGN)
        if("${forbidden}" IN_LIST all)
            message(FATAL_ERROR
                "Layering violation: ${target} links ${forbidden} (see docs/architecture.md, Layers).")
        endif()
    endforeach()
endfunction()

function(camchat_check_layering)
    _camchat_forbid(camchat_capture Qt6::Widgets Qt6::Multimedia Qt6::MultimediaWidgets camchat_ui camchat_inference)
    _camchat_forbid(camchat_capture_qt Qt6::Widgets Qt6::MultimediaWidgets camchat_ui camchat_inference)
    _camchat_forbid(camchat_inference Qt6::Gui Qt6::Widgets Qt6::MultimediaWidgets camchat_ui camchat_capture)
    _camchat_forbid(camchat_session Qt6::Widgets Qt6::MultimediaWidgets camchat_ui)
    if(CAMCHAT_BUILD_BENCH)
        get_directory_property(bench_targets DIRECTORY "${PROJECT_SOURCE_DIR}/bench" BUILDSYSTEM_TARGETS)
        foreach(target IN LISTS bench_targets)
            _camchat_forbid(${target} camchat_ui Qt6::Widgets)
        endforeach()
    endif()
    _camchat_check_backend_headers()
endfunction()

# The engines' headers stay behind the VlmBackend interface. `#include` lines are read from
# the sources of every product folder; the tests (which build fake runtimes and test the
# backends' internals) are not checked.
function(_camchat_check_backend_headers)
    set(engine_header_regex "#[ \t]*include[ \t]*[<\"]([^>\"]*/)?(llama|llama-cpp|ggml[-a-z]*|gguf|mtmd[-a-z]*|rknn_api|rkllm|rkllmabi|rknnabi)\\.h[>\"]")
    # The backend folders' own headers that include an engine header count as one.
    set(tainted)
    foreach(dir llama rk)
        file(GLOB headers "${PROJECT_SOURCE_DIR}/inference/${dir}/*.h")
        foreach(header IN LISTS headers)
            file(STRINGS "${header}" hits REGEX "${engine_header_regex}")
            if(hits)
                get_filename_component(name "${header}" NAME)
                list(APPEND tainted "inference/${dir}/${name}")
            endif()
        endforeach()
    endforeach()
    file(GLOB_RECURSE sources RELATIVE "${PROJECT_SOURCE_DIR}"
        "${PROJECT_SOURCE_DIR}/app/*.cpp" "${PROJECT_SOURCE_DIR}/app/*.h"
        "${PROJECT_SOURCE_DIR}/bench/*.cpp" "${PROJECT_SOURCE_DIR}/bench/*.h"
        "${PROJECT_SOURCE_DIR}/capture/*.cpp" "${PROJECT_SOURCE_DIR}/capture/*.h"
        "${PROJECT_SOURCE_DIR}/inference/*.cpp" "${PROJECT_SOURCE_DIR}/inference/*.h"
        "${PROJECT_SOURCE_DIR}/session/*.cpp" "${PROJECT_SOURCE_DIR}/session/*.h"
        "${PROJECT_SOURCE_DIR}/ui/*.cpp" "${PROJECT_SOURCE_DIR}/ui/*.h")
    foreach(source IN LISTS sources)
        if(source MATCHES "^inference/(llama|rk)/")
            continue()
        endif()
        file(STRINGS "${PROJECT_SOURCE_DIR}/${source}" hits REGEX "${engine_header_regex}")
        if(hits)
            message(FATAL_ERROR "Layering violation: ${source} includes an engine header (${hits}); "
                "only inference/llama/ and inference/rk/ may (see docs/architecture.md).")
        endif()
        foreach(header IN LISTS tainted)
            file(STRINGS "${PROJECT_SOURCE_DIR}/${source}" hits REGEX "#[ \t]*include[ \t]*\"${header}\"")
            if(hits)
                message(FATAL_ERROR "Layering violation: ${source} includes ${header}, which includes an "
                    "engine header; only inference/llama/ and inference/rk/ may (see docs/architecture.md).")
            endif()
        endforeach()
    endforeach()
endfunction()
