// "Not learning": what the CLI warns of and the web demo says when a run
// reads digits at about chance long after it should have started learning.

/** Mini-batches before which reading at about chance is only early. */
export const notLearningAfterSteps = 1000;

/**
 * Whether a run that has taken `steps` mini-batches and gets `accuracy` of
 * examples of `classes` classes right is not learning: at about chance
 * (below 1.5 / classes) after `notLearningAfterSteps` mini-batches, as a
 * learning rate too large (every neuron saturated) or too small leaves it.
 */
export function notLearning(accuracy: number, classes: number, steps: number): boolean {
  return steps >= notLearningAfterSteps && accuracy < 1.5 / classes;
}
