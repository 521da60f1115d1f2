// The ONNX Runtime side of tools/bench_ort: loads one ONNX model into
// onnxruntime-node (CPU execution provider, all graph optimisations),
// reads its inputs from .npy files and times runs on request, so that
// bench.py can alternate it with latent's interpreter in one run.
//
//   node ort.js THREADS MODEL.onnx NAME=INPUT.npy ...
//
// Protocol as tools/bench_ort/gorun: prints "ready", then answers each line
// N on standard input with a JSON array of N call times in milliseconds.
// ORT_MODULE names the folder of the onnxruntime-node package.
'use strict';
const fs = require('fs');
const readline = require('readline');
const ort = require(process.env.ORT_MODULE || 'onnxruntime-node');

// readNpy reads a little-endian float32, float64, int64 or int32 .npy file.
function readNpy(path) {
  const b = fs.readFileSync(path);
  if (b.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = b[6];
  const hlen = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString('latin1', start, start + hlen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').filter(s => s.trim()).map(Number);
  const data = b.buffer.slice(b.byteOffset + start + hlen, b.byteOffset + b.length);
  switch (descr) {
    case '<f4': return new ort.Tensor('float32', new Float32Array(data), shape);
    case '<f8': return new ort.Tensor('float32', Float32Array.from(new Float64Array(data)), shape);
    case '<i8': return new ort.Tensor('int64', new BigInt64Array(data), shape);
    case '<i4': return new ort.Tensor('int64', BigInt64Array.from(new Int32Array(data), BigInt), shape);
  }
  throw new Error(`${path}: dtype ${descr} not handled`);
}

async function main() {
  const [threads, modelPath, ...args] = process.argv.slice(2);
  const feeds = {};
  for (const a of args) {
    const i = a.indexOf('=');
    feeds[a.slice(0, i)] = readNpy(a.slice(i + 1));
  }
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  await session.run(feeds);
  process.stdout.write('ready\n');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const n = Number(line.trim());
    const ms = new Array(n);
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      ms[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
    process.stdout.write(JSON.stringify(ms) + '\n');
  }
}

main().catch(e => { process.stderr.write(`ort.js: ${e.message}\n`); process.exit(1); });
