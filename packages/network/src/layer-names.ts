// How safetensors files name a stack of dense layers' tensors. downhill writes
// `layers.<l>.weight` and `layers.<l>.bias`; PyTorch's state_dict names them
// after the modules that hold them:
//
//   self.layers = nn.Sequential(...) or nn.ModuleList   layers.0.weight, layers.2.weight, ...
//   model = nn.Sequential(Linear, Sigmoid, Linear, ...)  0.weight, 2.weight, ...
//   self.fc1 = nn.Linear(...); self.fc2 = ...            fc1.weight, fc2.weight, ...
//
// nn.Sequential numbers every module, so the activations' numbers are missing
// from the weights' (0, 2, 4): layers are taken in the order of their numbers,
// gaps and all.

import { cut, quoted } from './errors.js';

/** The names read, for messages. */
export const LAYER_NAMING = "layers.N.weight/bias, N.weight/bias (nn.Sequential's numbering) or fcN.weight/bias";

/** One layer's tensors as the file names them; a name the file lacks is the one it would have. */
export interface NamedLayer {
  /** The module's name: 'layers.0', '2', 'fc1'. */
  readonly module: string;
  readonly weight: string;
  readonly bias: string;
}

export interface LayerNames {
  /** In the order of their numbers. */
  readonly layers: readonly NamedLayer[];
  /** Every other name, in the file's order. */
  readonly others: readonly string[];
}

// At most 6 digits: a layer number, not a way to make a sort compare huge numbers.
const LAYER_TENSOR = /^(layers\.|fc|)(0|[1-9]\d{0,5})\.(weight|bias)$/;
const PREFERENCE = ['layers.', '', 'fc'];

/**
 * The layers in `names`. Names of one scheme only are taken as layers (the one
 * naming the most tensors; downhill's own on a tie); the rest are `others`.
 */
export function findLayerNames(names: Iterable<string>): LayerNames {
  const byPrefix = new Map<string, Map<number, string[]>>();
  const all: string[] = [];
  for (const name of names) {
    all.push(name);
    const match = LAYER_TENSOR.exec(name);
    if (match === null) continue;
    const [, prefix, number] = match as unknown as [string, string, string];
    let layers = byPrefix.get(prefix);
    if (layers === undefined) byPrefix.set(prefix, (layers = new Map()));
    const n = Number(number);
    layers.set(n, [...(layers.get(n) ?? []), name]);
  }
  let chosen: string | undefined;
  let most = 0;
  for (const prefix of PREFERENCE) {
    const count = [...(byPrefix.get(prefix)?.values() ?? [])].reduce((sum, tensors) => sum + tensors.length, 0);
    if (count > most) [chosen, most] = [prefix, count];
  }
  if (chosen === undefined) return { layers: [], others: all };
  const prefix = chosen;
  const numbers = [...byPrefix.get(prefix)!.keys()].sort((a, b) => a - b);
  const layers = numbers.map((n) => ({ module: `${prefix}${n}`, weight: `${prefix}${n}.weight`, bias: `${prefix}${n}.bias` }));
  const taken = new Set(layers.flatMap((l) => [l.weight, l.bias]));
  return { layers, others: all.filter((name) => !taken.has(name)) };
}

/** Some names, quoted and cut, for a one-line message: 'a', 'b', … 'z' (12 tensors). */
export function someNames(names: readonly string[], max = 6): string {
  if (names.length === 0) return 'no tensors';
  const shown = names.length <= max ? names : [...names.slice(0, max - 1), names[names.length - 1]!];
  const list = shown.map((name) => quoted(name, 40));
  if (names.length > max) list.splice(max - 1, 0, '…');
  return `${list.join(', ')}${names.length > max ? ` (${names.length} tensors)` : ''}`;
}

/** A layer stack as the lesson writes it: 784 → 16 → 16 → 10. */
export function layerSizes(sizes: readonly number[]): string {
  return cut(sizes.join(' → '), 80);
}
