export { ShapeMismatchError } from './errors.js';
export { type Matrix, matrix, fromRows, toRows, rowSlice, row, transpose, assertShape } from './matrix.js';
export { gemm, gemmABt, gemmAtB } from './gemm.js';
export { addRowVector, sumRows, hadamard, scale, axpy, dot, norm, argmaxRows, allFinite } from './elementwise.js';
export { Rng } from './rng.js';
