import { UnknownNameError } from '../errors.js';
import type { Activation, ActivationName } from './activation.js';
import { identity } from './identity.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { tanh } from './tanh.js';

/** Every activation function by name. */
export const activations: ReadonlyMap<ActivationName, Activation> = new Map<ActivationName, Activation>([
  ['sigmoid', sigmoid],
  ['tanh', tanh],
  ['relu', relu],
  ['identity', identity],
  ['softmax', softmax],
]);

/** Whether `name` is the name of a registered activation. */
export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && activations.has(name as ActivationName);
}

/** The activation registered as `name`; throws UnknownNameError listing the valid names. */
export function getActivation(name: string): Activation {
  if (!isActivationName(name)) throw new UnknownNameError('activation', name, [...activations.keys()]);
  return activations.get(name)!;
}
