export { type Cost, checkShapes } from './cost.js';
export { quadraticCost } from './quadratic.js';
export { softmaxCrossEntropy, LOG_EPSILON } from './cross-entropy.js';
export { costs, getCost, UnknownCostError } from './registry.js';
