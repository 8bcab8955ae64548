// Training sequences from tracking datasets a user may have on disk: frame paths and boxes (frames
// are read lazily when pairs are drawn, frame_at). GOT-10k and LaSOT are read by the evaluation readers
// (eval/sequences.h), so training and evaluation agree on what is visible.
#pragma once
#include <string>
#include <vector>

#include "sequence.h"

namespace saetrack::train {

// GOT-10k: root/<split>/<seq>/{00000001.jpg..., groundtruth.txt, absence.label, cover.label}
// (root may also be the split folder itself). Throws std::runtime_error if none is found.
std::vector<Sequence> read_got10k(const std::string &root);
// LaSOT: root/<class>/<class-N>/{img/00000001.jpg..., groundtruth.txt, full_occlusion.txt, out_of_view.txt}
std::vector<Sequence> read_lasot(const std::string &root);
// COCO-style: a json annotation file; each annotated object becomes a one-frame "sequence".
std::vector<Sequence> read_coco(const std::string &json_path, const std::string &image_dir);

}  // namespace saetrack::train
