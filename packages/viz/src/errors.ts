import { DownhillError } from './downhill-error.js';

export { DownhillError };

/** Thrown when a renderer is given input it cannot draw; says what it expected and what it found. */
export class VizInputError extends DownhillError {
  override readonly code: string = 'VIZ_INPUT';
  override name = 'VizInputError';
  constructor(
    /** The renderer called, e.g. `'lineChart'` (for a PngFormatError, what the bytes are). */
    readonly renderer: string,
    /** What it needed. */
    readonly expected: string,
    /** What it was given. */
    readonly found: string,
  ) {
    super(`${renderer}: expected ${expected}, found ${found}`);
  }
}

/**
 * Thrown for bytes that are not a valid PNG, or a PNG larger than the caller
 * allows. `source` names the bytes (a file name, or 'decodePng').
 */
export class PngFormatError extends VizInputError {
  override readonly code = 'PNG_FORMAT';
  override name = 'PngFormatError';
  constructor(
    /** The bytes' name: a file name, or `'decodePng'`. */
    readonly source: string,
    expected: string,
    found: string,
  ) {
    super(source, expected, found);
  }
}

/** A short description of a value for error messages (never the whole array). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    return 'length' in value ? `${name} of length ${(value as unknown as ArrayLike<number>).length}` : name;
  }
  if (Array.isArray(value)) return `array of length ${value.length}`;
  return typeof value;
}
