// Readers for tracking datasets a user may have on disk. Each returns annotated sequences with
// frame paths and boxes; frames are read lazily when pairs are drawn.
#pragma once
#include <string>
#include <vector>

#include "geometry.h"

namespace saetrack::train {

struct AnnotatedSequence {
  std::string name;
  std::vector<std::string> frames;
  std::vector<Box> boxes;
  std::vector<bool> visible;  // false where the dataset marks the target absent/occluded/out of view
};

// GOT-10k: root/<split>/<seq>/{00000001.jpg..., groundtruth.txt, absence.label}
// (root may also be the split folder itself).
std::vector<AnnotatedSequence> read_got10k(const std::string &root);
// LaSOT: root/<class>/<class-N>/{img/00000001.jpg..., groundtruth.txt, full_occlusion.txt, out_of_view.txt}
std::vector<AnnotatedSequence> read_lasot(const std::string &root);
// COCO-style: a json annotation file; each annotated object becomes a one-frame "sequence".
std::vector<AnnotatedSequence> read_coco(const std::string &json_path, const std::string &image_dir);

// Parses "x,y,w,h" (comma, tab or space separated) lines; throws with file and line on error.
std::vector<Box> read_box_file(const std::string &path);

}  // namespace saetrack::train
