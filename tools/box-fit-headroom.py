#!/usr/bin/python3
"""How much of a tracker's success AUC is lost to its box's shape rather than its position.

Rescores one tracker's OTB-layout results with parts of each box replaced by the ground truth's:
its own centre and area with the true aspect ratio (what an aspect-ratio estimate could gain),
its own centre with the true size (what any size estimate could gain), the true centre with its
own size (what better localisation alone could gain). Frame 1 (the given box) is not scored, as in
saetrack-eval; AUC over all frames pooled, as saetrack-eval's overall row.

usage: tools/box-fit-headroom.py SEQUENCES_DIR RESULTS_DIR
  e.g. tools/box-fit-headroom.py eval-real/sequences eval-real/floor/results/floor-nanodet
"""
import os
import sys

import numpy as np


def iou(a, b):
    x1 = np.maximum(a[:, 0], b[:, 0])
    y1 = np.maximum(a[:, 1], b[:, 1])
    x2 = np.minimum(a[:, 0] + a[:, 2], b[:, 0] + b[:, 2])
    y2 = np.minimum(a[:, 1] + a[:, 3], b[:, 1] + b[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    return inter / (a[:, 2] * a[:, 3] + b[:, 2] * b[:, 3] - inter)


def success_auc(ious):  # OTB: IoU > t at 21 thresholds
    return np.mean([np.mean(ious > t) for t in np.linspace(0, 1, 21)])


def variants(result, truth):
    centre = result[:, :2] + result[:, 2:] / 2
    area = result[:, 2] * result[:, 3]
    aspect = truth[:, 2] / truth[:, 3]
    w, h = np.sqrt(area * aspect), np.sqrt(area / aspect)
    true_centre = truth[:, :2] + truth[:, 2:] / 2
    return {
        "as tracked": result,
        "true aspect ratio, own centre and area": np.c_[centre[:, 0] - w / 2, centre[:, 1] - h / 2, w, h],
        "true size, own centre": np.c_[centre - truth[:, 2:] / 2, truth[:, 2:]],
        "true centre, own size": np.c_[true_centre - result[:, 2:] / 2, result[:, 2:]],
    }


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    seq_dir, res_dir = sys.argv[1:]
    pooled = {}
    rows = []
    for seq in sorted(os.listdir(seq_dir)):
        gt_file = os.path.join(seq_dir, seq, "groundtruth_rect.txt")
        res_file = os.path.join(res_dir, seq + ".txt")
        if not (os.path.isfile(gt_file) and os.path.isfile(res_file)):
            continue
        truth = np.loadtxt(gt_file, delimiter=",", ndmin=2)[1:]
        result = np.loadtxt(res_file, delimiter=",", ndmin=2)[1:]
        for name, boxes in variants(result, truth).items():
            ious = iou(boxes, truth)
            pooled.setdefault(name, []).append(ious)
            rows.append((seq, name, success_auc(ious)))
    if not pooled:
        sys.exit(f"no sequence of {seq_dir} has results in {res_dir}")
    print("| sequence | boxes | success AUC |\n|---|---|---|")
    for seq, name, auc in rows:
        print(f"| {seq} | {name} | {auc:.3f} |")
    for name, parts in pooled.items():
        print(f"| all | {name} | {success_auc(np.concatenate(parts)):.3f} |")


if __name__ == "__main__":
    main()
