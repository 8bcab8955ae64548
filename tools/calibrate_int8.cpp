// saetrack-calibrate-int8: the activation ranges of NanoDet-g's int8 form (model/nanodet_int8.h),
// measured on photographs: every third JPEG of the folder (40 at most), three 255-pixel and three
// 127-pixel crops of random windows each (seed 1), as the tracker cuts them. Prints the table that
// nanodet_int8_ranges() holds; run on the trainer's photos (data/images) to reproduce it.
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>

#include "command_line.h"
#include "frame_crops.h"
#include "mobilenet_import.h"
#include "nanodet_import.h"
#include "nanodet_int8.h"
#include "weights_io.h"

using namespace saetrack;

int main(int argc, char **argv) {
  std::string photos;
  CommandLine cli("saetrack-calibrate-int8", "PHOTOS");
  cli.positional("PHOTOS", &photos, "a folder of JPEG photographs (data/images)");
  if (int rc = cli.parse_for_main(argc, argv); rc >= 0) return rc;
  NanoDet net(false);
  import_nanodet(net, read_keras_tensors(find_data_file("nanodet-g.tensors")));
  net->eval();
  std::vector<cv::String> files;
  cv::glob(photos + "/*.jpg", files);
  std::mt19937 rng(1);
  std::vector<ActivationRange> ranges;
  int used = 0;
  for (size_t i = 0; i < files.size() && used < 40; i += 3, ++used) {
    cv::Mat image = cv::imread(files[i]);
    if (image.empty()) continue;
    auto frame = upload_frame(image, torch::kCPU);
    std::uniform_real_distribution<double> x(0, image.cols), y(0, image.rows), side(80, 500);
    std::vector<Square> search, exemplar;
    for (int k = 0; k < 3; ++k) {
      search.push_back({x(rng), y(rng), side(rng)});
      exemplar.push_back({x(rng), y(rng), side(rng) / 2});
    }
    calibrate_nanodet_int8(net, crop_squares(frame, search, 255), ranges);
    calibrate_nanodet_int8(net, crop_squares(frame, exemplar, 127), ranges);
  }
  if (ranges.empty()) {
    std::fprintf(stderr, "saetrack-calibrate-int8: no JPEG photographs in %s\n", photos.c_str());
    return 1;
  }
  std::printf("// saetrack-calibrate-int8 %s: %d photos, 6 crops each.\n", photos.c_str(), used);
  for (const auto &r : ranges) std::printf("{%.4f, %.4f},\n", r.lo, r.hi);
  return 0;
}
