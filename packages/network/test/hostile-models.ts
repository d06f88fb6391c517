// Hostile safetensors and model files for the tests and for measuring by hand:
// `node --conditions=source --import tsx test/hostile-models.ts [folder]` writes
// them to a folder (default /tmp/hostile). Not a test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A safetensors file by hand: u64 LE header length, the header text as given (duplicates and all), then `data`. */
export function rawSafetensors(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

/** A model file whose architecture claims `units` neurons in its one layer, with tensors for a 784 → 1 network. */
export function hugeArchitecture(units: number): Uint8Array {
  const architecture = JSON.stringify({ inputSize: 784, layers: [{ units, activation: 'sigmoid' }] });
  const header =
    `{"__metadata__":{"format":"downhill","architecture":${JSON.stringify(architecture)}},` +
    '"layers.0.weight":{"dtype":"F32","shape":[1,784],"data_offsets":[0,3136]},"layers.0.bias":{"dtype":"F32","shape":[1],"data_offsets":[3136,3140]}}';
  return rawSafetensors(header, new Uint8Array(3140));
}

/**
 * `count` tensors that all claim the same `bytes` bytes of F16 data (each
 * decodes to twice its size as float32): an allocation bomb unless overlaps are
 * refused before any tensor is decoded.
 */
export function aliasedTensors(count: number, bytes: number): Uint8Array {
  const entries = Array.from({ length: count }, (_, i) => `"t${i}":{"dtype":"F16","shape":[${bytes / 2}],"data_offsets":[0,${bytes}]}`);
  return rawSafetensors(`{${entries.join(',')}}`, new Uint8Array(bytes));
}

function main(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const write = (name: string, bytes: Uint8Array) => writeFileSync(join(folder, name), bytes);
  write('model-1e9-units.safetensors', hugeArchitecture(1e9));
  write(
    'safetensors-duplicate-keys.safetensors',
    rawSafetensors('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4)),
  );
  write('safetensors-aliased.safetensors', aliasedTensors(4000, 1_600_000));
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv[2] ?? '/tmp/hostile');
