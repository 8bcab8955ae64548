#include "overlay.h"

#include <algorithm>
#include <cmath>

/* A 2x2 pixmap of one colour in the overlay's native ARGB layout, rendered (scaled) as each border
 * strip, so drawing costs four tiny rectangles whatever the box size. (2x2, not 1x1: GStreamer's
 * scaler interpolates between two source pixels, and with one it read scratch memory it had not
 * written — valgrind's "conditional jump depends on uninitialised value" in gst_video_blend.) */
static GstVideoOverlayRectangle *strip(GstBuffer *pixel, int x, int y, int w, int h) {
  return gst_video_overlay_rectangle_new_raw(pixel, x, y, guint(std::max(1, w)), guint(std::max(1, h)),
                                             GST_VIDEO_OVERLAY_FORMAT_FLAG_NONE);
}

void saetrack_draw_box(GstVideoFrame *frame, int x, int y, int w, int h, int t, guint32 argb) {
  int W = GST_VIDEO_FRAME_WIDTH(frame), H = GST_VIDEO_FRAME_HEIGHT(frame);
  int x0 = std::clamp(x, 0, W - 1), y0 = std::clamp(y, 0, H - 1);
  int x1 = std::clamp(x + w, 1, W), y1 = std::clamp(y + h, 1, H);
  if (x1 <= x0 || y1 <= y0) return;
  t = std::max(1, std::min({t, (x1 - x0 + 1) / 2, (y1 - y0 + 1) / 2}));
  GstBuffer *pixel = gst_buffer_new_allocate(nullptr, 16, nullptr);
  /* GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB is BGRA in memory on little-endian (ARGB word). */
  guint8 px[16];
  for (int i = 0; i < 4; ++i) {
    guint8 *p = px + 4 * i;
    p[0] = guint8(argb), p[1] = guint8(argb >> 8), p[2] = guint8(argb >> 16), p[3] = guint8(argb >> 24);
    if (G_BYTE_ORDER == G_BIG_ENDIAN) std::reverse(p, p + 4);
  }
  gst_buffer_fill(pixel, 0, px, 16);
  gst_buffer_add_video_meta(pixel, GST_VIDEO_FRAME_FLAG_NONE, GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, 2, 2);
  GstVideoOverlayRectangle *rects[4] = {strip(pixel, x0, y0, x1 - x0, t), strip(pixel, x0, y1 - t, x1 - x0, t),
                                        strip(pixel, x0, y0, t, y1 - y0), strip(pixel, x1 - t, y0, t, y1 - y0)};
  GstVideoOverlayComposition *comp = gst_video_overlay_composition_new(rects[0]);
  for (int i = 1; i < 4; ++i) gst_video_overlay_composition_add_rectangle(comp, rects[i]);
  gst_video_overlay_composition_blend(comp, frame);
  gst_video_overlay_composition_unref(comp);
  for (auto *r : rects) gst_video_overlay_rectangle_unref(r);
  gst_buffer_unref(pixel);
}

guint32 saetrack_target_colour(gint64 id) {
  if (id == 0) return 0xff30ff30;
  double h = std::fmod(0.3333 + 0.61803398875 * double(id), 1.0) * 6;  // hue in sextants
  double x = 1 - std::fabs(std::fmod(h, 2.0) - 1);
  double rgb[6][3] = {{1, x, 0}, {x, 1, 0}, {0, 1, x}, {0, x, 1}, {x, 0, 1}, {1, 0, x}};
  const double *c = rgb[int(h) % 6];
  auto channel = [](double v) { return guint32(48 + v * 207); };  // bright, never black
  return 0xff000000u | channel(c[0]) << 16 | channel(c[1]) << 8 | channel(c[2]);
}
