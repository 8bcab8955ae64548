// What the saetracker element test programs share: generated sequences of real photos, frames as
// buffers in any format (with padded strides if asked), a GstHarness with a bus, reading the
// element's meta and messages back, and a main() that fails a test on any GLib/GStreamer critical.
#pragma once
#include <gst/check/gstharness.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "saetrack.h"
#include "sequence.h"

namespace element_test {

using saetrack::Box;
using saetrack::Sequence;

inline constexpr int W = 480, H = 360;

// n frames of one real-photo object moving over a real-photo background (seeded).
Sequence scene(int n, uint64_t seed, int w = W, int h = H);

// A BGR frame as a BGR buffer with timestamps for frame `index` at 30 fps.
GstBuffer *to_buffer(const cv::Mat &bgr, int index);
// The same frame converted to `format`; row_padding > 0 pads every plane's stride by that many
// bytes and attaches a GstVideoMeta describing the layout, as a decoder with aligned pools does.
GstBuffer *to_buffer_as(const cv::Mat &bgr, GstVideoFormat format, int index, int row_padding = 0);

std::string video_caps(int w, int h, const char *format = "BGR");
inline std::string bgr_caps(int w, int h) { return video_caps(w, h, "BGR"); }

struct Harness {
  GstHarness *h;
  GstBus *bus;
  explicit Harness(const std::string &launch, int w = W, int h_ = H, const char *format = "BGR");
  ~Harness();
  GstElement *tracker();  // the element named "t" (caller unrefs)
  // Pushes a frame and returns the output buffer (caller unrefs).
  GstBuffer *push(const cv::Mat &frame, int i);
  GstBuffer *push_buffer(GstBuffer *in);
  // A flush as a seek makes it: flush-start, flush-stop, new segment.
  void flush();
  std::vector<GstMessage *> messages(GstMessageType type);  // caller unrefs each
  // The per-frame "saetracker" element messages (others, e.g. target announcements, dropped).
  std::vector<GstMessage *> frame_messages();
};

// The element's own ROI meta on b (nullopt when it attached none).
std::optional<Box> roi_of(GstBuffer *b, double *score = nullptr, gboolean *lost = nullptr);
std::string text_of(GstMessage *error_or_warning);
// "saetracker name=t object-initial-..." for box b.
std::string with_target(const Box &b);
// Pushes every frame of seq; mean IoU of the meta boxes over frames 1.. (every frame must carry a box).
double track_through(Harness &hs, const Sequence &seq);
// Resident memory of this process in kB (/proc/self/statm), after malloc_trim.
long resident_kb();
// Bytes malloc has handed out and not had back (mallinfo2: arenas + mmapped), in kB: what a leak grows.
long heap_in_use_kb();

}  // namespace element_test
