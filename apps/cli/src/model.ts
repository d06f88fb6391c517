import { loadModel } from '@downhill/network';
import { readBytes } from './io.js';

/** Read and validate a .safetensors model file; errors name the file. */
export async function readModel(path: string) {
  return loadModel(await readBytes(path), path);
}
