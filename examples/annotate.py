#!/usr/bin/python3
"""Offline annotation: tracks through a video file with the saetracker element in a real GStreamer
pipeline and writes per-frame boxes (CSV and MOTChallenge text) plus an annotated video, with a
progress bar.

usage: examples/annotate.py VIDEO --box X,Y,W,H [--box FRAME:X,Y,W,H ...] [--out PREFIX]
  --box X,Y,W,H          initial box (frame 0)
  --box FRAME:X,Y,W,H    (re)set the target at that frame (0-based), e.g. after a cut
  --out PREFIX           writes PREFIX.csv, PREFIX.mot.txt and PREFIX.avi (default: the video's name)
  --no-video             boxes only (faster: no drawing, no encoding)
Rows: CSV  frame,time_s,x,y,width,height,score,lost (frames without a target are omitted);
      MOT  frame(1-based),id=1,x,y,width,height,score,-1,-1,-1 (lost frames omitted, as MOT ground truth does).
"""
import argparse
import os
import sys
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_box(text):
    frame, _, box = text.rpartition(":")
    try:
        x, y, w, h = (float(v) for v in box.split(","))
    except ValueError:
        sys.exit(f"--box wants X,Y,W,H or FRAME:X,Y,W,H, got '{text}'")
    if w <= 0 or h <= 0:
        sys.exit(f"--box '{text}': width and height must be positive")
    return int(frame or 0), (x, y, w, h)


def progress(done, total, fps):
    if total:
        n = int(40 * done / total)
        sys.stderr.write(f"\r[{'#' * n}{'.' * (40 - n)}] {done}/{total} frames {fps:5.1f} fps "
                         f"ETA {max(total - done, 0) / max(fps, 1e-6):5.0f} s ")
    else:
        sys.stderr.write(f"\r{done} frames {fps:5.1f} fps ")
    sys.stderr.flush()


def main():
    ap = argparse.ArgumentParser(description="saetracker offline annotation")
    ap.add_argument("video")
    ap.add_argument("--box", action="append", required=True)
    ap.add_argument("--out")
    ap.add_argument("--no-video", action="store_true")
    a = ap.parse_args()
    if not os.path.isfile(a.video):
        sys.exit(f"{a.video}: no such file")
    boxes = dict(parse_box(b) for b in a.box)
    out = a.out or os.path.splitext(os.path.basename(a.video))[0] + "-annotated"
    os.environ.setdefault("GST_PLUGIN_PATH", os.path.join(ROOT, "build", "gst"))
    Gst.init(None)
    if Gst.ElementFactory.find("saetracker") is None:
        sys.exit("saetracker element not found: build first (tools/build.sh) or set GST_PLUGIN_PATH")
    sink = "fakesink sync=false" if a.no_video else \
        f"videoconvert ! jpegenc quality=90 ! avimux ! filesink location={out}.avi"
    pipe = Gst.parse_launch(f"filesrc name=src ! decodebin ! videoconvert ! saetracker name=tracker "
                            f"draw={'false' if a.no_video else 'true'} ! {sink}")
    pipe.get_by_name("src").set_property("location", a.video)
    tracker = pipe.get_by_name("tracker")

    # Frame counter on the tracker's input, in the streaming thread: set-target lands on exactly that frame.
    state = {"frame": -1}

    def on_buffer(pad, info):
        state["frame"] += 1
        if state["frame"] in boxes:
            x, y, w, h = boxes[state["frame"]]
            tracker.emit("set-target", int(x), int(y), int(w), int(h))
        return Gst.PadProbeReturn.OK

    tracker.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, on_buffer)

    csv = open(f"{out}.csv", "w")
    mot = open(f"{out}.mot.txt", "w")
    csv.write("frame,time_s,x,y,width,height,score,lost\n")
    rows = 0
    bus = pipe.get_bus()
    pipe.set_state(Gst.State.PAUSED)
    pipe.get_state(Gst.CLOCK_TIME_NONE)
    ok, duration = pipe.query_duration(Gst.Format.TIME)
    rate = None
    for pad in tracker.sinkpads:
        caps = pad.get_current_caps()
        if caps:
            ok_r, num, den = caps.get_structure(0).get_fraction("framerate")
            rate = num / den if ok_r and den and num else None
    total = int(duration / Gst.SECOND * rate + 0.5) if ok and rate else 0
    t0 = time.monotonic()
    pipe.set_state(Gst.State.PLAYING)
    while True:
        msg = bus.timed_pop_filtered(200 * Gst.MSECOND,
                                     Gst.MessageType.ELEMENT | Gst.MessageType.ERROR | Gst.MessageType.EOS |
                                     Gst.MessageType.WARNING)
        if msg is None:
            progress(state["frame"] + 1, total, (state["frame"] + 1) / (time.monotonic() - t0))
            continue
        if msg.type == Gst.MessageType.ELEMENT and msg.get_structure().get_name() == "saetracker":
            s = msg.get_structure()
            f = s.get_value("frame")
            x, y, w, h = (s.get_value(k) for k in ("x", "y", "width", "height"))
            score, lost = s.get_value("score"), s.get_value("lost")
            csv.write(f"{f},{s.get_value('timestamp') / Gst.SECOND:.3f},{x},{y},{w},{h},{score:.4f},{int(lost)}\n")
            if not lost:
                mot.write(f"{f + 1},1,{x},{y},{w},{h},{score:.4f},-1,-1,-1\n")
            rows += 1
            if rows % 10 == 0:
                progress(f + 1, total, (f + 1) / (time.monotonic() - t0))
        elif msg.type == Gst.MessageType.WARNING:
            err, _ = msg.parse_warning()
            sys.stderr.write(f"\nwarning: {err.message}\n")
        elif msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            pipe.set_state(Gst.State.NULL)
            sys.exit(f"\nerror: {err.message}\n{dbg}")
        elif msg.type == Gst.MessageType.EOS:
            break
    pipe.set_state(Gst.State.NULL)
    frames = state["frame"] + 1
    progress(frames, frames, frames / (time.monotonic() - t0))
    csv.close()
    mot.close()
    written = f"{out}.csv, {out}.mot.txt" + ("" if a.no_video else f", {out}.avi")
    sys.stderr.write(f"\n{frames} frames, {rows} boxes: wrote {written}\n")


if __name__ == "__main__":
    main()
