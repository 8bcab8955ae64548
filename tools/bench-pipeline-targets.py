#!/usr/bin/python3
"""Many targets in a real decode pipeline (issue 12): ms per frame and fps of
   filesrc ! decodebin ! videoconvert ! BGR ! queue ! saetracker ! fakesink
with N targets added by the element's add-target signal before the first frame, against the same
pipeline without the tracker. Targets sit on a grid over the frame (4 columns, each box 0.4 x 0.5 of
its cell, as `saetrack-bench --targets` places them). Each figure is the median of RUNS runs.

  GST_PLUGIN_PATH=build/gst /usr/bin/python3 tools/bench-pipeline-targets.py VIDEO [--targets 1,8]
      [--threads 2] [--runs 3] [--props "process-tuning=true"]
"""
import argparse
import statistics
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstVideo", "1.0")
from gi.repository import Gst, GstVideo  # noqa: E402

from gst_play import play_to_end  # noqa: E402


def grid_boxes(n, width, height):
    cols, rows = 4, max(1, (n + 3) // 4)
    cw, ch = width / cols, height / rows
    return [(int((i % cols) * cw + cw * 0.3), int((i // cols) * ch + ch * 0.25), int(cw * 0.4), int(ch * 0.5))
            for i in range(n)]


def frame_size(video):
    p = Gst.parse_launch(f'filesrc location="{video}" ! decodebin ! videoconvert ! video/x-raw,format=BGR ! '
                         'fakesink name=sink num-buffers=1')
    p.set_state(Gst.State.PAUSED)
    p.get_state(Gst.CLOCK_TIME_NONE)
    caps = p.get_by_name("sink").get_static_pad("sink").get_current_caps().get_structure(0)
    p.set_state(Gst.State.NULL)
    return caps.get_value("width"), caps.get_value("height")


def run(video, tracker, targets, size):
    """Wall ms per frame of one run, and the ROI metas on the last frame."""
    desc = f'filesrc location="{video}" ! decodebin ! videoconvert ! video/x-raw,format=BGR ! '
    desc += f"queue ! {tracker} ! " if tracker else ""
    p = Gst.parse_launch(desc + "fakesink name=sink sync=false")
    frames, metas = [0], [0]

    def probe(pad, info):
        frames[0] += 1
        buf = info.get_buffer()
        metas[0] = buf.get_n_meta(GstVideo.video_region_of_interest_meta_api_get_type())
        return Gst.PadProbeReturn.OK

    p.get_by_name("sink").get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, probe)
    if tracker:
        t = p.get_by_name("tracker")
        for box in grid_boxes(targets, *size):
            if t.emit("add-target", *box) < 0:
                sys.exit(f"add-target refused {box}")
    try:
        elapsed = play_to_end(p)
    except RuntimeError as e:
        sys.exit(f"pipeline error: {e}")
    return elapsed * 1000 / max(frames[0], 1), metas[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("video")
    ap.add_argument("--targets", default="1,2,4,8")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--props", default="", help="more saetracker properties")
    a = ap.parse_args()
    Gst.init(None)
    size = frame_size(a.video)
    median = lambda xs: (statistics.median(xs), min(xs), max(xs))  # noqa: E731
    decode = median([run(a.video, None, 0, size)[0] for _ in range(a.runs)])
    print(f"video: {a.video} {size[0]}x{size[1]}; threads={a.threads} {a.props}; median of {a.runs} runs (spread)")
    print("| targets | ms/frame | spread | fps | element ms/frame (minus decode) | ROI metas on the last frame |")
    print("|---|---|---|---|---|---|")
    print(f"| decode only | {decode[0]:.2f} | {decode[1]:.2f}-{decode[2]:.2f} | {1000 / decode[0]:.1f} | | |")
    tracker = f"saetracker name=tracker draw=false threads={a.threads} {a.props}"
    for n in (int(x) for x in a.targets.split(",")):
        runs = [run(a.video, tracker, n, size) for _ in range(a.runs)]
        ms = median([r[0] for r in runs])
        print(f"| {n} | {ms[0]:.2f} | {ms[1]:.2f}-{ms[2]:.2f} | **{1000 / ms[0]:.1f}** | {ms[0] - decode[0]:.2f} | "
              f"{runs[-1][1]} |", flush=True)


if __name__ == "__main__":
    main()
