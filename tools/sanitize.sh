#!/bin/sh
# Builds the tree with AddressSanitizer + UndefinedBehaviorSanitizer (in build-asan) and runs the
# fast suites under them: any report fails the run. Suppressions only for third-party libraries,
# each justified in tools/sanitizers/*.supp.
#   tools/sanitize.sh [TEST ...]     (default: every suite but `slow`)
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build-asan}
# -O2 with line tables only (-g1): reports keep their file:line, and the build is faster than with
# full debug information (LibTorch's templates make the assembler's work most of a file's time).
[ -f "$B/build.ninja" ] || meson setup "$B" -Db_sanitize=address,undefined -Db_lundef=false \
  -Doptimization=2 -Ddebug=false -Dcpp_args=-g1 -Dexamples=false > /dev/null
ninja -C "$B"
S=$PWD/tools/sanitizers
# GStreamer scans plugins in a helper process (gst-plugin-scanner) that is not built with ASan and
# cannot load an instrumented plugin; scan in the (instrumented) test process instead, from a
# fresh registry (a failed scan leaves the plugin blacklisted in it).
export GST_REGISTRY_FORK=no
rm -f "$B/tests/registry.bin"
# Full stacks for every allocation, so leak suppressions can match frames below g_malloc.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:fast_unwind_on_malloc=0:suppressions=$S/asan.supp"
export LSAN_OPTIONS="suppressions=$S/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$S/ubsan.supp"
# The suites' meson timeouts are multiplied by 4 below (instrumented code runs several times
# slower); the element tests' own per-test alarm (tests/element_harness.cpp, 300 s) by the same.
export SAETRACK_TEST_TIMEOUT=${SAETRACK_TEST_TIMEOUT:-1200}
# Default: every suite but the slow learning tests.
[ $# -gt 0 ] || set -- --no-suite slow
meson test -C "$B" --print-errorlogs --num-processes 1 -t 4 "$@"
