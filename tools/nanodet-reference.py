#!/usr/bin/python3
"""Writes tests/data/nanodet-reference.txt: the NanoDet-g backbone's outputs on a fixed 127x127
input, computed by the independent numpy port of ../shared/research/backbones/port_check.py
(checked there against TF.js to 3e-6) from the npm package's own nanodet.json/.bin. The C++ port
(model/nanodet.h) is tested against these values, so the test needs neither npm nor numpy.
Usage: tools/nanodet-reference.py HUMAN_MODELS_PACKAGE_DIR > tests/data/nanodet-reference.txt
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'research', 'backbones'))
import port_check  # noqa: E402


def pattern(size):
    """The test input, BGR uint8 H x W x 3, from integer arithmetic only (same in C++)."""
    y, x = np.mgrid[0:size, 0:size].astype(np.int64)
    b = (x * x + 3 * y) % 256
    g = (7 * x + 11 * y + (x * y) // 5) % 256
    r = ((x // 9 + y // 13) % 2) * 200 + 20
    return np.stack([b, g, r], -1).astype(np.uint8)


def main():
    convs = port_check.load_weights(os.path.join(sys.argv[1], 'models'))
    bgr = pattern(127)
    s8, s16 = port_check.backbone(bgr[:, :, ::-1], convs)  # port_check takes RGB
    print('# NanoDet-g on tools/nanodet-reference.py pattern(127): numpy port of port_check.py')
    for name, f in (('s8', s8), ('s16', s16)):
        c, h, w = f.shape
        print(f'{name} shape {c} {h} {w} sum {float(f.sum(dtype=np.float64)):.6f} abssum {float(np.abs(f).sum(dtype=np.float64)):.6f}')
        rng = np.random.RandomState(7)
        for _ in range(24):
            i, j, k = rng.randint(c), rng.randint(h), rng.randint(w)
            print(f'{name} at {i} {j} {k} {float(f[i, j, k]):.7g}')


if __name__ == '__main__':
    main()
