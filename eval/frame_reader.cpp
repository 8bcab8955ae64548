#include "frame_reader.h"

#include <opencv2/imgcodecs.hpp>
#include <stdexcept>

namespace saetrack::eval {

FrameReader::FrameReader(const EvalSequence &seq) : seq_(seq) {
  if (!seq.video.empty() && !cap_.open(seq.video))
    throw std::runtime_error("cannot open video '" + seq.video + "' (unsupported container/codec?)");
}

bool FrameReader::next(cv::Mat &frame) {
  if (!seq_.video.empty()) {
    if (!cap_.read(frame) || frame.empty()) return false;
  } else {
    if (index_ >= seq_.frames.size()) return false;
    frame = cv::imread(seq_.frames[index_], cv::IMREAD_COLOR);
    if (frame.empty()) throw std::runtime_error("cannot decode frame '" + seq_.frames[index_] + "'");
  }
  ++index_;
  return true;
}

}  // namespace saetrack::eval
