#!/usr/bin/env node
// Reference runner for TensorFlow.js *layers* models, used by tests/tst_tfjs_import.cpp to check the
// C++ importer (core/model/tfjs_layers.cpp) against TensorFlow.js itself.
//
//   node tools/tfjs/reference.js <model.json> <input.bin> <H> <W> <output.bin>
//        [--channels C] [--setup <package>/<S>x | --setup none]
//
// input.bin holds H*W*C little-endian float32 values in NHWC order (batch 1, C defaults to 3); the
// model's prediction is written to output.bin the same way (raw float32, NHWC). One line of JSON
// goes to stdout: {"shape":[1,H',W',C'],"ms":...}.
//
// The model is read from disk (model.json + every weightsManifest shard, concatenated in manifest
// order) and built with tf.loadLayersModel(tf.io.fromMemory(...)): no network, no file:// handler.
// Custom layers (MultiplyBeta, PixelShuffle<S>x) are registered by the package's own setup(tf):
// by default the package and scale are inferred from a path of the form
// .../@upscalerjs/<name>/models/x<S>/model.json; --setup names them explicitly (for models outside
// node_modules), and --setup none registers nothing. The pure-JS CPU backend is used throughout.
'use strict';

const fs = require('fs');
const path = require('path');

function fail(message) {
  process.stderr.write(`reference.js: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const positional = [];
  const options = { channels: 3, setup: null };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--channels') options.channels = Number(argv[++i]);
    else if (a === '--setup') options.setup = argv[++i];
    else if (a === '-h' || a === '--help') {
      process.stdout.write(
          'usage: node reference.js <model.json> <input.bin> <H> <W> <output.bin> ' +
          '[--channels C] [--setup <package>/<S>x | none]\n');
      process.exit(0);
    } else positional.push(a);
  }
  if (positional.length !== 5) {
    fail('expected <model.json> <input.bin> <H> <W> <output.bin> (see --help)');
  }
  const [modelJson, inputBin, h, w, outputBin] = positional;
  const H = Number(h);
  const W = Number(w);
  const C = options.channels;
  for (const [name, v] of [['H', H], ['W', W], ['channels', C]]) {
    if (!Number.isInteger(v) || v <= 0) fail(`${name} must be a positive integer, got '${v}'`);
  }
  return { modelJson, inputBin, H, W, C, outputBin, setup: options.setup };
}

// '@upscalerjs/esrgan-thick/4x' for .../@upscalerjs/esrgan-thick/models/x4/model.json, else null.
function inferSetupEntry(modelJson) {
  const parts = path.resolve(modelJson).split(path.sep);
  const n = parts.length;
  if (n >= 5 && parts[n - 3] === 'models' && /^x\d+$/.test(parts[n - 2]) &&
      parts[n - 5].startsWith('@')) {
    return `${parts[n - 5]}/${parts[n - 4]}/${parts[n - 2].slice(1)}x`;
  }
  return null;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tf = require('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') fail(`could not select the cpu backend (got ${tf.getBackend()})`);

  const setupEntry = args.setup === 'none' ? null : (args.setup || inferSetupEntry(args.modelJson));
  if (setupEntry) {
    let definition;
    try {
      definition = require(setupEntry);
    } catch (e) {
      fail(`cannot load '${setupEntry}': ${e.message}`);
    }
    if (definition && definition.default) definition = definition.default;
    // RDN definitions (esrgan-slim, esrgan-medium) have no custom layers and hence no setup().
    if (definition && typeof definition.setup === 'function') await definition.setup(tf);
  }

  let model;
  try {
    model = JSON.parse(fs.readFileSync(args.modelJson, 'utf8'));
  } catch (e) {
    fail(`cannot read ${args.modelJson}: ${e.message}`);
  }
  const folder = path.dirname(args.modelJson);
  const weightSpecs = [];
  const buffers = [];
  for (const group of model.weightsManifest || []) {
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(folder, p)));
    weightSpecs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);

  const layersModel = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: model.modelTopology, weightSpecs, weightData }));

  const raw = fs.readFileSync(args.inputBin);
  const expected = args.H * args.W * args.C * 4;
  if (raw.byteLength !== expected) {
    fail(`${args.inputBin} holds ${raw.byteLength} bytes, expected ${expected} ` +
         `(1x${args.H}x${args.W}x${args.C} float32)`);
  }
  const values = new Float32Array(raw.byteLength / 4);
  Buffer.from(values.buffer).set(raw);

  const start = process.hrtime.bigint();
  const input = tf.tensor4d(values, [1, args.H, args.W, args.C], 'float32');
  const output = layersModel.predict(input);
  const result = Array.isArray(output) ? output[0] : output;
  const data = await result.data();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;

  fs.writeFileSync(args.outputBin, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  process.stdout.write(JSON.stringify({ shape: result.shape, ms: Math.round(ms) }) + '\n');
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
