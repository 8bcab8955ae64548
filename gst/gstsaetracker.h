/* saetracker: tracks one object through video with the SAE Siamese anchor-free tracker. */
#pragma once

#include <gst/gst.h>
#include <gst/video/gstvideofilter.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

#define GST_TYPE_SAE_TRACKER (gst_sae_tracker_get_type())
G_DECLARE_FINAL_TYPE(GstSaeTracker, gst_sae_tracker, GST, SAE_TRACKER, GstVideoFilter)

GST_ELEMENT_REGISTER_DECLARE(saetracker);

G_END_DECLS
