// Frames of a sequence, in order: from memory, image files or a video file.
#pragma once
#include <opencv2/videoio.hpp>

#include "sequence.h"

namespace saetrack {

class FrameReader {
 public:
  explicit FrameReader(const Sequence &seq);  // throws std::runtime_error when the source cannot be opened
  // Next frame (BGR); false at the end. Throws when an image file cannot be decoded.
  bool next(cv::Mat &frame);
  size_t index() const { return index_; }  // frames returned so far

 private:
  const Sequence &seq_;
  cv::VideoCapture cap_;
  size_t index_ = 0;
};

// Frame i of a sequence held in memory or as image files (random access, for training pairs).
// Throws std::runtime_error for a video sequence or a file that cannot be decoded.
cv::Mat frame_at(const Sequence &seq, size_t i);

}  // namespace saetrack
