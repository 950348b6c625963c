// The engine's public surface: tensors, ops, nn functions, optimizers, kernels. Imports nothing
// outside src/engine.

export * from './tensor.ts';
export { Rng, TorchGenerator, type Random, type TorchGeneratorState } from './random.ts';
export { broadcastShape } from './broadcast.ts';
export * from './ops/elementwise.ts';
export * from './ops/reduce.ts';
export * from './ops/shape.ts';
export * from './ops/gather.ts';
export { matmul } from './ops/matmul.ts';
export * from './nn.ts';
export * from './optim.ts';
export { kernels, useKernels, useThreads, wasmKernels } from './kernels/index.ts';
export type { Arena, KernelName, Kernels, GemmArgs } from './kernels/index.ts';
