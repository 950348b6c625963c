#!/usr/bin/env node
// The `shirube` command: runs src/cli/main.ts through tsx so no separate build step is needed.
import { setFlagsFromString } from 'node:v8';
// WebAssembly relaxed SIMD (fused multiply–add in the engine's kernels): on by default from Node 22,
// behind this flag in Node 20. Set before any module is compiled; the engine checks it is there.
setFlagsFromString('--experimental-wasm-relaxed-simd');
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
