#!/usr/bin/python3
"""Runs the same sequences through OpenCV's `cvtracker` element (CSRT, KCF, MedianFlow) and through
`saetracker`, each in a real GStreamer pipeline, reads every buffer's box back, writes the boxes as
benchmark result files and lets saetrack-eval score and plot them all together.

usage: tools/gst-compare.py --data DIR [--out DIR] [--trackers saetracker,CSRT,KCF,MedianFlow] [--build build]
                           [--saetracker-props "model=weights/x.weights size-lr=0.1"]
DIR is anything saetrack-eval reads (OTB, GOT-10k, LaSOT, UAV123 layouts, or a frames folder with
groundtruth.txt). Needs gstreamer1.0-opencv (cvtracker) and python3-gi.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import Gst, GstVideo  # noqa: E402

from gst_play import play_to_end  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def list_sequences(eval_bin, data):
    out = subprocess.run([eval_bin, "--data", data, "--list"], check=True, capture_output=True, text=True).stdout
    seqs = []
    for line in out.splitlines():
        if line.startswith("\t"):
            seqs[-1]["frames"].append(line[1:])
            continue
        name, layout, box, count, first = line.split("\t")
        if count == "0":
            sys.exit(f"{name}: videos have no per-frame ground truth; give a folder layout")
        seqs.append({"name": name, "init": [float(v) for v in box.split(",")], "frames": [first]})
    return seqs


def roi_box(buf):
    """The first region-of-interest meta on the buffer (cvtracker and saetracker both attach one)."""
    for meta_id in range(4):
        m = GstVideo.buffer_get_video_region_of_interest_meta_id(buf, meta_id)
        if m is not None:
            return [m.x, m.y, m.w, m.h]
    return None


def run_pipeline(seq, tracker, gst_plugin_path, props=""):
    with tempfile.TemporaryDirectory() as tmp:
        ext = os.path.splitext(seq["frames"][0])[1].lower()
        for i, f in enumerate(seq["frames"]):  # multifilesrc wants a printf pattern: number the frames
            os.symlink(os.path.abspath(f), os.path.join(tmp, f"{i:06d}{ext}"))
        x, y, w, h = (int(round(v)) for v in seq["init"])
        init = f"object-initial-x={x} object-initial-y={y} object-initial-width={w} object-initial-height={h}"
        element = f"saetracker {init} {props}" if tracker == "saetracker" else f"cvtracker algorithm={tracker} {init}"
        dec = "jpegdec" if ext in (".jpg", ".jpeg") else "decodebin"
        caps = "image/jpeg" if dec == "jpegdec" else ("image/png" if ext == ".png" else "application/octet-stream")
        desc = (f"multifilesrc location={tmp}/%06d{ext} index=0 stop-index={len(seq['frames']) - 1} "
                f"caps={caps},framerate=30/1 ! {dec} ! videoconvert ! {element} name=tracker ! fakesink name=sink sync=false")
        pipe = Gst.parse_launch(desc)
        boxes = []

        def probe(pad, info):
            box = roi_box(info.get_buffer())
            # No box yet (cvtracker's first frame) or lost: repeat the last known box, as benchmarks expect a row per frame.
            boxes.append(box if box else (boxes[-1] if boxes else list(seq["init"])))
            return Gst.PadProbeReturn.OK

        pipe.get_by_name("sink").get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, probe)
        try:
            elapsed = play_to_end(pipe)
        except RuntimeError as e:
            sys.exit(f"{tracker} on {seq['name']}: {e}")
        boxes[0] = list(seq["init"])  # frame 1 carries the given box in every benchmark's results
        return boxes, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", default="gst-compare-output")
    ap.add_argument("--trackers", default="saetracker,CSRT,KCF,MedianFlow")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--saetracker-props", default="", help="extra saetracker properties, gst-launch syntax")
    a = ap.parse_args()
    os.environ.setdefault("GST_PLUGIN_PATH", os.path.join(a.build, "gst"))
    Gst.init(None)
    if Gst.ElementFactory.find("cvtracker") is None:
        sys.exit("cvtracker element not found: apt-get install gstreamer1.0-opencv")
    if Gst.ElementFactory.find("saetracker") is None:
        sys.exit(f"saetracker element not found in {os.environ['GST_PLUGIN_PATH']}: build first (tools/build.sh)")
    eval_bin = os.path.join(a.build, "eval", "saetrack-eval")
    seqs = list_sequences(eval_bin, a.data)
    compare = []
    for tracker in a.trackers.split(","):
        name = tracker if tracker == "saetracker" else f"cvtracker-{tracker}"
        rdir = os.path.join(a.out, "results", name)
        os.makedirs(rdir, exist_ok=True)
        frames = seconds = 0.0
        for i, seq in enumerate(seqs):
            boxes, elapsed = run_pipeline(seq, tracker, a.build, a.saetracker_props)
            frames += len(boxes)
            seconds += elapsed
            with open(os.path.join(rdir, seq["name"] + ".txt"), "w") as f:
                f.writelines(f"{b[0]:.2f},{b[1]:.2f},{b[2]:.2f},{b[3]:.2f}\n" for b in boxes)
            print(f"\r{name}: sequence {i + 1}/{len(seqs)} {seq['name']:20s} {frames / seconds:6.1f} fps (whole pipeline)",
                  end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        with open(os.path.join(rdir, "fps.txt"), "w") as f:
            f.write(f"{frames / seconds:.1f}\n")
        compare += ["--compare", f"{name}={rdir}"]
    subprocess.run([eval_bin, "--data", a.data, "--no-track", "--out", a.out] + compare, check=True)


if __name__ == "__main__":
    main()
