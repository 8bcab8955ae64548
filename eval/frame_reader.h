// Frames of an evaluation sequence, in order, from image files or a video file.
#pragma once
#include <opencv2/videoio.hpp>

#include "sequences.h"

namespace saetrack::eval {

class FrameReader {
 public:
  explicit FrameReader(const EvalSequence &seq);  // throws std::runtime_error when the source cannot be opened
  // Next frame (BGR); false at the end. Throws when an image file cannot be decoded.
  bool next(cv::Mat &frame);
  size_t index() const { return index_; }  // frames returned so far

 private:
  const EvalSequence &seq_;
  cv::VideoCapture cap_;
  size_t index_ = 0;
};

}  // namespace saetrack::eval
