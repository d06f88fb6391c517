import { type Landscape, LandscapeError, checkBoundedBelow, describeFunction, surfaces } from '@downhill/landscapes';
import { getLandscape, landscapeFromText } from '@downhill/landscapes/text';
import { UsageError } from '../errors.js';

/**
 * The landscape the user named or typed. Two numbers in --from mean f(x, y),
 * so `z^2 --from 1,2` is an unknown variable rather than a 1-D function of z.
 */
export function resolveSurface(nameOrText: string, from: number[] | undefined): Landscape {
  const builtIn = surfaces.get(nameOrText.trim()) ?? surfaces.get(nameOrText.trim().toLowerCase());
  if (builtIn !== undefined) return builtIn;
  if (from?.length === 2) {
    try {
      return landscapeFromText(nameOrText, { variables: ['x', 'y'] });
    } catch (error) {
      // `C(w, b) = ...` declares its own two variables: that is fine too.
      if (!(error instanceof LandscapeError && error.kind === 'bad-argument')) throw error;
    }
  }
  return getLandscape(nameOrText);
}

/** Refuses a surface that falls away without bound: there is no bottom for the ball to find. */
export function requireMinimum(landscape: Landscape): void {
  const why = checkBoundedBelow(landscape);
  if (why !== undefined) throw new UsageError(`${why}; gradient descent would roll on forever: pick a function with a minimum`);
}

/** --from, checked against the landscape's variables, or the surface's suggested start. */
export function resolveStart(landscape: Landscape, from: number[] | undefined): number[] {
  const { dimension, variables } = landscape;
  const example = dimension === 1 ? '--from 1' : '--from 1,1';
  if (from === undefined) {
    if (landscape.suggestedStart !== undefined) return [...landscape.suggestedStart];
    throw new UsageError(`--from: ${describeFunction(landscape)} has no suggested start: give one, e.g. ${example}`);
  }
  if (from.length !== dimension) {
    throw new UsageError(
      `--from: expected ${dimension} number${dimension === 1 ? '' : 's'} (${variables.join(', ')}) for ${describeFunction(landscape)}, found ${from.length} (${from.join(',')})`,
    );
  }
  return from;
}
