// BGR views of the element's input frames: the frame itself when it is packed BGR, else the frame
// converted (GstVideoConverter) into a scratch buffer the element owns. One per element.
#pragma once
#include <gst/video/video.h>
#include <opencv2/core.hpp>

class BgrFrames {
 public:
  BgrFrames() = default;
  BgrFrames(const BgrFrames &) = delete;
  BgrFrames &operator=(const BgrFrames &) = delete;
  ~BgrFrames() { reset(); }

  // Prepares for frames of `in` (negotiated caps). False when no conversion to BGR exists.
  bool configure(const GstVideoInfo *in);
  // The BGR pixels of frame; valid until the next call. Throws std::runtime_error on a mapping failure.
  cv::Mat view(GstVideoFrame *frame);
  void reset();

 private:
  GstVideoConverter *converter_ = nullptr;
  GstVideoInfo bgr_info_;
  GstBuffer *scratch_ = nullptr;
  int width_ = 0, height_ = 0;
};
