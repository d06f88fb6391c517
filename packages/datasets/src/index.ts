// The isomorphic core: bytes in, typed arrays out. File-system loaders live in
// '@downhill/datasets/node'.
export { DatasetError, IdxFormatError } from './errors.js';
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
