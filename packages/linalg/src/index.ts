/**
 * Float32 vectors and row-major matrices, gemm kernels (WebAssembly SIMD, with
 * a JavaScript reference) and a seeded random generator: the bottom of
 * downhill.
 *
 * @module @downhill/linalg
 */
export { DownhillError, ShapeMismatchError } from './errors.js';
export { type Matrix, matrix, fromRows, toRows, rowSlice, row, transpose, assertShape } from './matrix.js';
export { gemm, gemmABt, gemmAtB } from './gemm.js';
export { SparseRows } from './sparse.js';
export { addRowVector, sumRows, hadamard, scale, axpy, dot, norm, argmaxRows, allFinite, unitBytes, gatherUnitRows, onVectorKernels } from './elementwise.js';
export { type ElementwiseActivation, biasActivate, activate, activationBackward } from './activation.js';
export {
  type KernelBackend,
  type KernelOptions,
  kernelBackend,
  useKernels,
  kernelThreads,
  threadsReady,
  allocFloat32,
  subview,
} from './backend.js';
export { Rng } from './rng.js';
