/**
 * Data for downhill, isomorphic (bytes in, typed arrays out): the IDX reader,
 * labeled image sets such as MNIST, synthetic 2-D sets, and mini-batches as
 * matrices. Loaders that read files are in `@downhill/datasets/node`.
 *
 * @module @downhill/datasets
 */
// The isomorphic core: bytes in, typed arrays out. File-system loaders live in
// '@downhill/datasets/node'.
export { DatasetError, DownhillError, IdxFormatError } from './errors.js';
export { DEFAULT_MAX_GZIP_RATIO, type IdxData, type IdxDtype, type IdxTensor, type ReadIdxOptions, encodeIdx, readIdx } from './idx.js';
export { type LabeledImages, labeledImages, subset, trainValidationSplit } from './labeled-images.js';
export { blankPixels } from './blank-pixels.js';
export { shuffledIndices } from './shuffle.js';
export { allocBatch, batchCount, pointsToBatch, pointsToMatrices, scalePixels, toBatch } from './batch.js';
export { type RgbaPixels, toMnistPixels } from './mnist-pixels.js';
export {
  type BlobsOptions,
  type CirclesOptions,
  type PointSet,
  type SpiralsOptions,
  type SyntheticOptions,
  type SyntheticSet,
  type SyntheticSetName,
  blobs,
  circles,
  moons,
  spirals,
  syntheticSets,
  xor,
} from './synthetic.js';
