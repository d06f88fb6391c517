/**
 * Cost landscapes to roll downhill on: built-in test surfaces (written out, no
 * parser), descent paths, optimizer races, and verdicts on where a descent
 * ended. Formulas typed as text are in `@downhill/landscapes/text`.
 *
 * @module @downhill/landscapes
 */
export type { Landscape } from './landscape.js';
export { LandscapeError, type LandscapeErrorKind } from './landscape-error.js';
export { DownhillError } from './errors.js';
export { surfaces, getSurface, surfaceNamed, parabola, bowl, rosenbrock, himmelblau, beale, saddle, rastrigin } from './surfaces.js';
export { descend, type Stepper, type DescentOptions, type DescentPath } from './descend.js';
export { nearestMinimum } from './nearest-minimum.js';
export { checkStart } from './start-point.js';
export { checkBoundedBelow, hasMinimum } from './bounded-below.js';
export { sampleGrid, type GridOptions, type Grid } from './sample-grid.js';
export { formatValue, signature, describeFunction, formatPoint } from './format.js';
export { pythonFixed } from './python-fixed.js';
export {
  race,
  raceOptimizers,
  parseRunners,
  defaultRunners,
  defaultStart,
  defaultSteps,
  LEARNING_RATE_SWEEP,
  type OptimizerRaceOptions,
  type Racer,
  type RaceResult,
  type Runner,
} from './race.js';
export { judgeDescent, describeVerdict, type Verdict, type VerdictOptions } from './verdict.js';
export { stationaryPointNear, type StationaryPoint, type StationaryKind } from './stationary-point.js';
export { raceRange, wantsLogColor } from './race-view.js';
export {
  descendOnExamples,
  descendWithNoise,
  type DoubleWell,
  type ExampleSum,
  type NoiseSource,
  tiltedDoubleWell,
} from './noisy-descent.js';
export {
  annealedSgd,
  descendWell,
  tallyWellRuns,
  type WellRunOptions,
  type WellSide,
  type WellTally,
  wellSide,
} from './saddle-escape.js';
