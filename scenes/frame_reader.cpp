#include "frame_reader.h"

#include <opencv2/imgcodecs.hpp>
#include <stdexcept>

namespace saetrack {

FrameReader::FrameReader(const Sequence &seq) : seq_(seq) {
  if (seq.images.empty() && !seq.video.empty() && !cap_.open(seq.video))
    throw std::runtime_error("cannot open video '" + seq.video + "' (unsupported container/codec?)");
}

bool FrameReader::next(cv::Mat &frame) {
  if (!seq_.images.empty()) {
    if (index_ >= seq_.images.size()) return false;
    frame = seq_.images[index_];
  } else if (!seq_.video.empty()) {
    if (!cap_.read(frame) || frame.empty()) return false;
  } else {
    if (index_ >= seq_.frame_files.size()) return false;
    frame = cv::imread(seq_.frame_files[index_], cv::IMREAD_COLOR);
    if (frame.empty()) throw std::runtime_error("cannot decode frame '" + seq_.frame_files[index_] + "'");
  }
  ++index_;
  return true;
}

cv::Mat frame_at(const Sequence &seq, size_t i) {
  if (!seq.images.empty()) return seq.images.at(i);
  if (!seq.video.empty()) throw std::runtime_error("sequence '" + seq.name + "' is a video: no random access to its frames");
  cv::Mat f = cv::imread(seq.frame_files.at(i), cv::IMREAD_COLOR);
  if (f.empty()) throw std::runtime_error("cannot decode frame '" + seq.frame_files[i] + "'");
  return f;
}

}  // namespace saetrack
