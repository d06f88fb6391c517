/**
 * Cost functions: how lousy a network's outputs are for a mini-batch
 * (`value`), and which way to push each output (`derivative`).
 *
 * @module @downhill/cost
 */
export { type Cost, checkShapes } from './cost.js';
export { quadraticCost } from './quadratic.js';
export { softmaxCrossEntropy, LOG_EPSILON } from './cross-entropy.js';
export { costs, getCost, UnknownCostError } from './registry.js';
export { DownhillError } from './errors.js';
