#!/usr/bin/env node
// Converts the MobileNetV2 that the npm package nsfwjs (MIT) ships as TF.js layers-model JavaScript
// modules (Keras topology + uint8-quantised weights in base64) into a plain tensor file the C++
// importer reads (model/mobilenet_import.h): a line "saetrack-keras-tensors 1 <count>", one line
// per tensor "<keras name>\t<d0,d1,...>" (Keras layout), then the float32 values, little-endian,
// in that order. Dequantisation is TF.js's: value = q * scale + min.
// Usage: node tools/import-nsfwjs.js <nsfwjs package dir> <out.tensors> [model, default mobilenet_v2]
'use strict';
const fs = require('fs');
const path = require('path');

const [pkgDir, out, modelName = 'mobilenet_v2'] = process.argv.slice(2);
if (!pkgDir || !out) {
  console.error('usage: import-nsfwjs.js <nsfwjs package dir> <out.tensors> [mobilenet_v2]');
  process.exit(2);
}
const dir = path.join(pkgDir, 'dist', 'models', modelName);
const model = require(path.resolve(dir, 'model.min.js'));
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

const header = [];
const chunks = [];
for (const group of model.weightsManifest) {
  // Each shard module exports its bytes as one base64 string; a group's shards are concatenated.
  const bytes = Buffer.concat(group.paths.map(p => Buffer.from(require(path.resolve(dir, p + '.min.js')), 'base64')));
  let at = 0;
  for (const w of group.weights) {
    const n = w.shape.reduce((a, d) => a * d, 1);
    const values = new Float32Array(n);
    const q = w.quantization;
    if (q && q.dtype === 'uint8') {
      for (let i = 0; i < n; ++i) values[i] = bytes[at + i] * q.scale + q.min;
      at += n;
    } else if (!q && w.dtype === 'float32') {
      values.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 4 * n)));
      at += 4 * n;
    } else {
      throw new Error(`${w.name}: unsupported weight encoding ${JSON.stringify(q || w.dtype)}`);
    }
    header.push(`${w.name}\t${w.shape.join(',')}`);
    chunks.push(Buffer.from(values.buffer));
  }
  if (at !== bytes.length) throw new Error(`weights group ${group.paths}: ${bytes.length - at} bytes left over`);
}
const text = `saetrack-keras-tensors 1 ${header.length}\n${header.join('\n')}\n`;
fs.writeFileSync(out, Buffer.concat([Buffer.from(text), ...chunks]));
const keras = model.modelTopology.keras_version;
console.log(`${out}: ${header.length} tensors from ${pkg.name}@${pkg.version} (${pkg.license}) ${modelName}, Keras ${keras}`);
