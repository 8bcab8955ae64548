// Sequences in the layouts of the common tracking benchmarks, read into the one Sequence type.
#pragma once
#include <string>
#include <vector>

#include "sequence.h"

namespace saetrack::eval {


// Layouts:
//   otb     root/<seq>/img/*.jpg + groundtruth_rect.txt (optional attributes.txt: names, one per line or comma-separated)
//   got10k  root/[split/]<seq>/{00000001.jpg.., groundtruth.txt, absence.label, cover.label}
//   lasot   root/<class>/<class-N>/{img/, groundtruth.txt, full_occlusion.txt, out_of_view.txt}
//   uav123  root/data_seq/UAV123/<seq>/*.jpg + root/anno/UAV123/<seq>.txt (+ att/<seq>.txt); NaN rows = absent
//   folder  a folder of frames with init.txt (one box) or groundtruth.txt
//   video   a video file; the init box comes from `init_box`
// "auto" picks the layout from what is on disk. Throws std::runtime_error naming what is missing.
std::vector<Sequence> read_sequences(const std::string &root, const std::string &layout = "auto",
                                         const Box &init_box = {});
std::string detect_layout(const std::string &root);

// UAV123's 12 attribute names, in the order of its att/<seq>.txt flags.
const std::vector<std::string> &uav123_attributes();

// Reads x,y,w,h rows (comma, tab or space separated); "NaN" rows give an empty box.
std::vector<Box> read_boxes(const std::string &path);

}  // namespace saetrack::eval
