// @ts-nocheck — AssemblyScript entry: the kernels compiled into one WebAssembly module by build.ts.
export * from './gemm';
export * from './vector';
export * from './activation';
export * from './norm';
export * from './attention';
