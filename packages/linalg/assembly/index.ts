// downhill's WebAssembly SIMD kernels: the entry point `pnpm build:wasm`
// compiles (scripts/build-wasm.mjs) into src/wasm/kernels.wasm.ts.
// Every argument is a number: sizes, flags and byte addresses in the memory
// that the JavaScript side (src/wasm/runtime.ts) owns and passes in.
export { gemmOuter, packTransposed, gemmABtDense } from './dense';
export { listNonZeros, listUnitBytes, listColumns, sparseForward, sparseGradient, sparseGradientRows, unpackTransposed } from './sparse';
export { biasActivate, activateInPlace, scaleByDerivative, sumRows } from './elementwise';
export { axpy, allFinite, unitBytes } from './vector';
