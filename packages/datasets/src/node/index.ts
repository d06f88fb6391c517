// Node-only loaders: these read files; everything else is in '@downhill/datasets'.
export { type IdxFolderOptions, loadIdxFolder, readIdxFile } from './idx-folder.js';
export { loadMnist } from './mnist.js';
