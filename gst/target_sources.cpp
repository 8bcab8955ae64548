#include "target_sources.h"

#include <gst/video/navigation.h>
#include <gst/video/video.h>

#include <algorithm>
#include <cmath>

std::vector<UpstreamRegion> regions_from_roi_meta(GstBuffer *buf, const std::string &type, size_t limit) {
  std::vector<UpstreamRegion> regions;
  gpointer state = nullptr;
  GstMeta *m;
  while (regions.size() < limit &&
         (m = gst_buffer_iterate_meta_filtered(buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    auto *roi = reinterpret_cast<GstVideoRegionOfInterestMeta *>(m);
    if (roi->roi_type == g_quark_from_static_string("saetracker")) continue;  // our own output
    if (!type.empty() && roi->roi_type != g_quark_from_string(type.c_str())) continue;
    if (roi->w == 0 || roi->h == 0) continue;
    regions.push_back({{double(roi->x), double(roi->y), double(roi->w), double(roi->h), "upstream region-of-interest meta"},
                       int64_t(roi->id)});
  }
  return regions;
}

std::optional<TargetRequest> MouseSelection::handle(GstEvent *event) {
  gint button;
  gdouble x, y;
  switch (gst_navigation_event_get_type(event)) {
    case GST_NAVIGATION_EVENT_MOUSE_BUTTON_PRESS:
      if (gst_navigation_event_parse_mouse_button_event(event, &button, &x, &y) && button == 1) {
        dragging = true;
        x0 = x1 = x, y0 = y1 = y;
      }
      break;
    case GST_NAVIGATION_EVENT_MOUSE_MOVE:
      if (dragging && gst_navigation_event_parse_mouse_move_event(event, &x, &y)) x1 = x, y1 = y;
      break;
    case GST_NAVIGATION_EVENT_MOUSE_BUTTON_RELEASE:
      if (dragging && gst_navigation_event_parse_mouse_button_event(event, &button, &x, &y) && button == 1) {
        dragging = false;
        double w = std::fabs(x - x0), h = std::fabs(y - y0);
        if (w >= 4 && h >= 4) return TargetRequest{std::min(x, x0), std::min(y, y0), w, h, "mouse selection"};
      }
      break;
    default: break;
  }
  return std::nullopt;
}
