"""Shared by the Python tools that run gst pipelines (gst-compare.py, bench-pipeline-targets.py)."""
import time

from gi.repository import Gst


def play_to_end(pipeline):
    """Plays `pipeline` to EOS and stops it; returns the wall seconds, or raises RuntimeError with
    the pipeline's error message and debug text."""
    start = time.monotonic()
    pipeline.set_state(Gst.State.PLAYING)
    msg = pipeline.get_bus().timed_pop_filtered(Gst.CLOCK_TIME_NONE, Gst.MessageType.ERROR | Gst.MessageType.EOS)
    elapsed = time.monotonic() - start
    pipeline.set_state(Gst.State.NULL)
    if msg.type == Gst.MessageType.ERROR:
        err, dbg = msg.parse_error()
        raise RuntimeError(f"{err.message} ({dbg})")
    return elapsed
