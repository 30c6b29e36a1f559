# camchat_options: the one place for warnings, Qt strictness and sanitizers.
# Linked PRIVATE by every camchat target; nothing here is set globally.
set(CAMCHAT_SANITIZE "" CACHE STRING
    "Sanitizers to build with: empty, 'address,undefined' or 'thread'")

add_library(camchat_options INTERFACE)
target_compile_features(camchat_options INTERFACE cxx_std_20)
target_compile_options(camchat_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough)
target_compile_definitions(camchat_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_KEYWORDS
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CAST_FROM_BYTEARRAY
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

if(CAMCHAT_SANITIZE)
    target_compile_options(camchat_options INTERFACE
        -fsanitize=${CAMCHAT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(camchat_options INTERFACE -fsanitize=${CAMCHAT_SANITIZE})
endif()

# The fuzz preset: every camchat target gets libFuzzer's coverage instrumentation; the
# fuzz targets themselves link the fuzzer (fuzz/CMakeLists.txt).
if(CAMCHAT_BUILD_FUZZ)
    target_compile_options(camchat_options INTERFACE -fsanitize=fuzzer-no-link)
    target_link_options(camchat_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
