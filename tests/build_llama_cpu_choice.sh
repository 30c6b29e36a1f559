#!/usr/bin/env bash
# scripts/build-llama builds for the CPU it runs on: the choice from given /proc/cpuinfo texts.
set -euo pipefail
script=$1 data=$2
fail=0
expect() {
  local arch=$1 cpuinfo=$2 want=$3 got
  got=$("$script" --cpu-choice --arch "$arch" --cpuinfo "$cpuinfo" | paste -sd' ')
  if [[ "$got" == "$want" ]]; then
    echo "ok: $arch $(basename "$cpuinfo"): $got"
  else
    echo "FAIL: $arch $(basename "$cpuinfo"): expected '$want', got '$got'"
    fail=1
  fi
}
# RK3588: Cortex-A76 + A55, dot product and fp16 arithmetic, no i8mm.
expect aarch64 "$data/rk3588.txt" "aarch64-armv8.2-a+dotprod+fp16 -DGGML_CPU_ARM_ARCH=armv8.2-a+dotprod+fp16"
# Raspberry Pi 4 (Cortex-A72): plain ARMv8.0.
expect aarch64 "$data/cortex-a72.txt" "aarch64-armv8-a -DGGML_CPU_ARM_ARCH=armv8-a"
# Neoverse V1: also the int8 matrix instructions.
expect aarch64 "$data/neoverse-v1.txt" "aarch64-armv8.2-a+dotprod+fp16+i8mm -DGGML_CPU_ARM_ARCH=armv8.2-a+dotprod+fp16+i8mm"
# No cpuinfo at all (a container hiding it): the ARMv8.0 baseline, never a guess upwards.
expect aarch64 /nonexistent "aarch64-armv8-a -DGGML_CPU_ARM_ARCH=armv8-a"
# x86-64 keeps the portable AVX2 baseline whatever the CPU has.
expect x86_64 "$data/rk3588.txt" "x86_64-avx2"

# The stamp records the choice: a cache built for another CPU is not used.
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
commit=$(sed -n 's/^commit=//p' "$(dirname "$script")/../cmake/llama.pin")
prefix="$cache/camchat/llama-${commit:0:12}"
mkdir -p "$prefix"
check_stamp() {
  local content=$1 want=$2 got=0
  printf '%s' "$content" >"$prefix/.camchat-built"
  XDG_CACHE_HOME=$cache "$script" --check >/dev/null || got=$?
  if [[ "$got" == "$want" ]]; then echo "ok: stamp '$content' -> --check exits $got"; else
    echo "FAIL: stamp '$content': --check exited $got, expected $want"; fail=1; fi
}
if [[ "$(uname -m)" == x86_64 ]]; then
  check_stamp "x86_64-avx2" 0
  check_stamp "" 0 # built before the choice was recorded: the same x86-64 baseline
  check_stamp "aarch64-armv8.2-a+dotprod+fp16" 1

  # The cross build for the board: an A76 whatever this machine is, in its own prefix.
  got=$("$script" --cpu-choice --arch arm64 | paste -sd' ')
  want="aarch64-armv8.2-a+dotprod+fp16 -DGGML_CPU_ARM_ARCH=armv8.2-a+dotprod+fp16"
  if [[ "$got" == "$want" ]]; then echo "ok: --arch arm64 on x86-64: $got"; else
    echo "FAIL: --arch arm64 on x86-64: expected '$want', got '$got'"; fail=1; fi
  arm_prefix="$cache/camchat/llama-${commit:0:12}-arm64"
  mkdir -p "$arm_prefix"
  for stamp in "aarch64-armv8.2-a+dotprod+fp16:0" "aarch64-armv8-a:1" "x86_64-avx2:1" ":1"; do
    printf '%s' "${stamp%:*}" >"$arm_prefix/.camchat-built"
    got=0
    out=$(XDG_CACHE_HOME=$cache "$script" --arch arm64 --check) || got=$?
    if [[ "$got" == "${stamp##*:}" && ( "$got" != 0 || "$out" == "$arm_prefix" ) ]]; then
      echo "ok: arm64 stamp '${stamp%:*}' -> --arch arm64 --check exits $got"
    else
      echo "FAIL: arm64 stamp '${stamp%:*}': --arch arm64 --check exited $got ($out)"; fail=1
    fi
  done
fi
exit $fail
