#!/usr/bin/env node
// Reference for the MobileNetV2 import (docs/training.md): runs the nsfwjs model in TF.js on a fixed
// 224x224 pattern and prints block_5_add's sum and a few values; build/tools/saetrack-check-import
// prints the same from our imported backbone. Dev-only: needs `npm install @tensorflow/tfjs@4`
// and an unpacked nsfwjs package (npm pack nsfwjs@4.4.0) in the current directory.
const tf = require(require.resolve('@tensorflow/tfjs', {paths: [process.cwd()]}));
const m = require(process.cwd() + '/package/dist/models/mobilenet_v2/model.min.js');
const s = require(process.cwd() + '/package/dist/models/mobilenet_v2/group1-shard1of1.min.js');
(async () => {
  const buf = Buffer.from(s, 'base64');
  const specs = m.weightsManifest[0].weights;
  const model = await tf.loadLayersModel(tf.io.fromMemory(m.modelTopology, specs, buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length)));
  const H = 224, vals = new Float32Array(H * H * 3);
  for (let h = 0; h < H; ++h) for (let w = 0; w < H; ++w) for (let c = 0; c < 3; ++c)
    vals[(h * H + w) * 3 + c] = ((h * 7 + w * 13 + c * 29) % 256) / 255;
  const x = tf.tensor4d(vals, [1, H, H, 3]);
  const sub = tf.model({inputs: model.inputs, outputs: [model.getLayer('block_5_add').output, model.getLayer('block_2_add').output]});
  const [f5, f2] = sub.predict(x);
  const p = model.predict(x);
  console.log('block_5_add', f5.shape, 'sum', f5.sum().dataSync()[0], 'abs', f5.abs().sum().dataSync()[0], 'v[0,3,4,:4]', Array.from(f5.slice([0,3,4,0],[1,1,1,4]).dataSync()));
  console.log('block_2_add', f2.shape, 'sum', f2.sum().dataSync()[0]);
  console.log('probs', Array.from(p.dataSync()));
})();
