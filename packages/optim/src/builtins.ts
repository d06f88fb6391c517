// The built-in optimizers, one line each. Adding an optimizer: its file, its
// test, and one line here. (The registry lists them in alphabetical order.)
export { adagrad } from './adagrad.js';
export { adam } from './adam.js';
export { adamax } from './adamax.js';
export { adamw } from './adamw.js';
export { gd } from './gd.js';
export { lamb } from './lamb.js';
export { lion } from './lion.js';
export { momentum } from './momentum.js';
export { nadam } from './nadam.js';
export { nesterov } from './nesterov.js';
export { polyak } from './polyak.js';
export { radam } from './radam.js';
export { rmsprop } from './rmsprop.js';
export { sgd } from './sgd.js';
