export type { Landscape } from './landscape.js';
export { LandscapeError, type LandscapeErrorKind } from './landscape-error.js';
export { landscapeFromText, type LandscapeFromTextOptions } from './from-text.js';
export { surfaces, getLandscape, parabola, bowl, rosenbrock, himmelblau, beale, saddle, rastrigin } from './surfaces.js';
export { descend, type Stepper, type DescentOptions, type DescentPath } from './descend.js';
export { checkStart } from './start-point.js';
export { checkBoundedBelow, hasMinimum } from './bounded-below.js';
export { sampleGrid, type GridOptions, type Grid } from './sample-grid.js';
export { formatNumber } from './format.js';
