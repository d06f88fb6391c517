// Hostile checkpoints for the tests and for measuring by hand:
// `node --conditions=source --import tsx test/hostile-checkpoints.ts [folder]`
// writes them to a folder (default /tmp/hostile). Not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@downhill/linalg';
import { Network, decodeSafetensors, encodeSafetensors, sequentialSpec } from '@downhill/network';
import { createOptimizer } from '@downhill/optim';
import { saveCheckpoint } from '../src/checkpoint.js';
import { WeightAverage } from '../src/weight-average.js';

/** A small real checkpoint: a 4-3-2 network, Adam after one step, a weight average of one epoch. */
export function smallCheckpoint(): Uint8Array {
  const rng = new Rng(5);
  const network = Network.create(sequentialSpec([4, 3, 2], 'sigmoid'), { rng, init: 'lecun' });
  const optimizer = createOptimizer('adam', network.params.length);
  optimizer.step(
    network.params,
    Float32Array.from(network.params, (_, i) => Math.sin(i)),
  );
  const average = new WeightAverage(network.params.length, { from: 1 });
  average.add(1, network.params);
  return saveCheckpoint({ network, optimizer, rng, epoch: 1, average, metadata: { note: 'small' } });
}

export interface CheckpointParts {
  /** The parsed `__metadata__.checkpoint` JSON. */
  checkpoint: Record<string, unknown>;
  tensors: Map<string, Float32Array>;
  metadata: Record<string, string>;
}

/** `bytes` with its checkpoint JSON, tensors or metadata changed by `change`. */
export function tamper(bytes: Uint8Array, change: (parts: CheckpointParts) => void): Uint8Array {
  const decoded = decodeSafetensors(bytes);
  const { checkpoint, ...metadata } = decoded.metadata;
  const parts: CheckpointParts = {
    checkpoint: JSON.parse(checkpoint!),
    tensors: new Map([...decoded.tensors].map(([name, t]) => [name, t.data])),
    metadata,
  };
  change(parts);
  const tensors = [...parts.tensors].map(([name, data]) => ({ name, dtype: 'F32' as const, shape: [data.length], data }));
  // Layer weights keep their 2-D shapes.
  for (const t of tensors) {
    const original = decoded.tensors.get(t.name);
    if (original && original.data.length === t.data.length) t.shape = original.shape;
  }
  return encodeSafetensors(tensors, { ...parts.metadata, checkpoint: JSON.stringify(parts.checkpoint) });
}

/** Every hostile variant of `smallCheckpoint()`, by name. */
export function hostileCheckpoints(): Record<string, Uint8Array> {
  const good = smallCheckpoint();
  const variant = (change: (parts: CheckpointParts) => void) => tamper(good, change);
  return {
    'slot-wrong-length': variant(({ tensors }) => tensors.set('optimizer.m', new Float32Array(3))),
    'slot-not-finite': variant(({ tensors }) => {
      tensors.get('optimizer.v')![2] = Number.NaN;
    }),
    'slot-unknown': variant(({ tensors }) => tensors.set('optimizer.velocity', new Float32Array(tensors.get('optimizer.m')!.length))),
    'rng-wrong-size': variant(({ checkpoint }) => {
      checkpoint.rng = [1, 2, 3];
    }),
    'rng-not-uint32': variant(({ checkpoint }) => {
      checkpoint.rng = [1, 2, 3, -4, null];
    }),
    'average-count-nan': variant(({ checkpoint }) => {
      (checkpoint.average as Record<string, unknown>).count = null;
    }),
    'average-count-negative': variant(({ checkpoint }) => {
      (checkpoint.average as Record<string, unknown>).count = -1;
    }),
    'average-not-finite': variant(({ tensors }) => {
      tensors.get('average.params')![0] = Number.POSITIVE_INFINITY;
    }),
    'epoch-negative': variant(({ checkpoint }) => {
      checkpoint.epoch = -1;
    }),
    'epoch-fraction': variant(({ checkpoint }) => {
      checkpoint.epoch = 1.5;
    }),
    'epoch-huge': variant(({ checkpoint }) => {
      checkpoint.epoch = 1e300;
    }),
    'step-negative': variant(({ checkpoint }) => {
      (checkpoint.optimizer as Record<string, unknown>).t = -3;
    }),
    'hyper-not-number': variant(({ checkpoint }) => {
      (checkpoint.optimizer as { hyper: Record<string, unknown> }).hyper.learningRate = 'fast';
    }),
  };
}

function main(folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'checkpoint-good.safetensors'), smallCheckpoint());
  for (const [name, bytes] of Object.entries(hostileCheckpoints())) writeFileSync(join(folder, `checkpoint-${name}.safetensors`), bytes);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv[2] ?? '/tmp/hostile');
