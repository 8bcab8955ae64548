#!/bin/sh
# For a person with an NVIDIA GPU and a CUDA LibTorch (issue 15): builds saetrack against that
# LibTorch, runs the tests that take a device, and times the light and paper networks and the
# default tracker in fp32/fp16/bf16 on the GPU and the pipeline, then prints one table.
#   tools/gpu-check.sh /path/to/libtorch        (the unpacked CUDA LibTorch; its share/cmake is found)
# Nothing is downloaded. Output: out/gpu-check/report.md (the table) and the logs beside it.
set -eu
cd "$(dirname "$0")/.."
TORCH=${1:?usage: tools/gpu-check.sh /path/to/cuda-libtorch}
OUT=out/gpu-check
B=build-cuda
mkdir -p "$OUT"
[ -f "$B/build.ninja" ] || meson setup "$B" -Dtorch_dir="$TORCH" -Dcuda=enabled -Dexamples=false > "$OUT/setup.log"
ninja -C "$B" > "$OUT/build.log"
export LD_LIBRARY_PATH="$TORCH/lib:${LD_LIBRARY_PATH:-}"
row() { echo "| $1 | $2 | $3 |" >> "$OUT/report.md"; }
: > "$OUT/report.md"
echo "# gpu-check $(date -u +%F) on $(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)" >> "$OUT/report.md"
echo "| check | setting | result |" >> "$OUT/report.md"
echo "|---|---|---|" >> "$OUT/report.md"
# Tests: the suites that need no GPU, built against the CUDA LibTorch (the model's and the element's).
for suite in model gst; do
  if meson test -C "$B" --suite "$suite" -t 4 > "$OUT/test-$suite.log" 2>&1; then r=pass; else r=FAIL; fi
  row "tests ($suite suite, CUDA LibTorch build)" "cpu" "$r"
done
# The element on the GPU against the CPU on the README demo (vtest.avi's pedestrian): mean IoU
# between the two runs' boxes per frame, per precision.
export GST_PLUGIN_PATH=$B/gst
boxes() {
  gst-launch-1.0 -m filesrc location=/usr/share/doc/opencv-doc/examples/data/vtest.avi ! decodebin ! videoconvert ! \
    saetracker object-initial-x=640 object-initial-y=240 object-initial-width=46 object-initial-height=82 "$@" ! \
    fakesink 2>/dev/null | grep -o 'saetracker, id=(gint64)0, x=(int)[0-9]*, y=(int)[0-9]*, width=(int)[0-9]*, height=(int)[0-9]*' | \
    grep -o '(int)[0-9]*' | tr -d '(int)' | paste - - - -
}
boxes device=cpu > "$OUT/boxes-cpu.txt"
for p in fp32 fp16 bf16; do
  boxes device=cuda precision=$p > "$OUT/boxes-cuda-$p.txt" || true
  agree=$(paste "$OUT/boxes-cpu.txt" "$OUT/boxes-cuda-$p.txt" | awk 'NF == 8 {
    ix = (($1+$3 < $5+$7) ? $1+$3 : $5+$7) - (($1 > $5) ? $1 : $5); iy = (($2+$4 < $6+$8) ? $2+$4 : $6+$8) - (($2 > $6) ? $2 : $6);
    i = (ix > 0 && iy > 0) ? ix * iy : 0; s += i / ($3*$4 + $7*$8 - i); n++ } END { if (n) printf "%.3f over %d frames", s/n, n; else print "no frames" }')
  row "element on vtest.avi, cuda vs cpu fp32" "$p" "mean IoU $agree"
done
# The bare network and the tracker step, per precision.
for cfg in light paper; do
  for p in fp32 fp16 bf16; do
    ms=$("$B/tools/saetrack-bench" --config $cfg --device cuda --precision $p --frames 50 2>"$OUT/bench-$cfg-$p.err" | \
      awk -F'|' '/^\| [a-z]/ && !/config/ {gsub(/ /, "", $6); gsub(/ /, "", $10); print $6 " ms network, " $10 " ms tracker"}' | head -1)
    row "saetrack-bench $cfg" "$p" "${ms:-error: $(head -c 200 "$OUT/bench-$cfg-$p.err")}"
  done
done
for p in fp32 fp16 bf16; do
  ms=$("$B/tools/saetrack-bench" --steps --device cuda --precision $p --frames 50 2>"$OUT/steps-$p.err" | \
    awk -F'|' '/^\| [a-z]/ && !/model/ {gsub(/ /, "", $7); print $7 " ms update"}')
  row "saetrack-bench --steps (default model)" "$p" "${ms:-error: $(head -c 200 "$OUT/steps-$p.err")}"
done
# The element in the decode pipeline on the GPU (median of 3 runs).
BUILD=$B DEVICE=cuda RUNS=3 sh tools/bench-pipeline.sh > "$OUT/pipeline.log" 2>&1 || true
row "pipeline vtest.avi (tools/bench-pipeline.sh)" "device=cuda" "$(grep 'decode + queue' "$OUT/pipeline.log" | cut -d'|' -f3,5 || echo see pipeline.log)"
cat "$OUT/report.md"
