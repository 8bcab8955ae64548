#include "bgr_frames.h"

#include <stdexcept>

void BgrFrames::reset() {
  if (converter_) gst_video_converter_free(converter_);
  converter_ = nullptr;
  if (scratch_) gst_buffer_unref(scratch_);
  scratch_ = nullptr;
}

bool BgrFrames::configure(const GstVideoInfo *in) {
  reset();
  width_ = GST_VIDEO_INFO_WIDTH(in), height_ = GST_VIDEO_INFO_HEIGHT(in);
  if (GST_VIDEO_INFO_FORMAT(in) == GST_VIDEO_FORMAT_BGR) return true;
  gst_video_info_init(&bgr_info_);
  gst_video_info_set_format(&bgr_info_, GST_VIDEO_FORMAT_BGR, width_, height_);
  GST_VIDEO_INFO_FPS_N(&bgr_info_) = GST_VIDEO_INFO_FPS_N(in);
  GST_VIDEO_INFO_FPS_D(&bgr_info_) = GST_VIDEO_INFO_FPS_D(in);
  converter_ = gst_video_converter_new(const_cast<GstVideoInfo *>(in), &bgr_info_, nullptr);
  if (!converter_) return false;
  scratch_ = gst_buffer_new_allocate(nullptr, GST_VIDEO_INFO_SIZE(&bgr_info_), nullptr);
  return true;
}

cv::Mat BgrFrames::view(GstVideoFrame *frame) {
  if (!converter_)
    return cv::Mat(GST_VIDEO_FRAME_HEIGHT(frame), GST_VIDEO_FRAME_WIDTH(frame), CV_8UC3,
                   GST_VIDEO_FRAME_PLANE_DATA(frame, 0), GST_VIDEO_FRAME_PLANE_STRIDE(frame, 0));
  // The scratch buffer stays mapped only for the conversion; the view points into its memory,
  // which the buffer (owned here) keeps alive.
  GstVideoFrame out;
  if (!gst_video_frame_map(&out, &bgr_info_, scratch_, GST_MAP_WRITE)) throw std::runtime_error("cannot map scratch frame");
  gst_video_converter_frame(converter_, frame, &out);
  cv::Mat view(height_, width_, CV_8UC3, GST_VIDEO_FRAME_PLANE_DATA(&out, 0), GST_VIDEO_FRAME_PLANE_STRIDE(&out, 0));
  gst_video_frame_unmap(&out);
  return view;
}
